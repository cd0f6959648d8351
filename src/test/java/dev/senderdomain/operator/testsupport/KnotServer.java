package dev.senderdomain.operator.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Knot DNS ({@code knotd}, foreground) serving the given zones, with an ACL allowing dynamic
 * updates signed with the TSIG key {@link #KEY_NAME}. Its storage (journal, timers) and rundir (pid
 * file, control socket) are in {@link #dir()}. Usage as {@link BindServer}.
 */
public final class KnotServer extends DnsTestServer {
  private KnotServer(List<String> zones, Map<String, List<String>> extra) {
    super("knot", zones);
    this.extraLines = extra;
  }

  public static KnotServer start(String... zones) {
    return start(zones.length == 0 ? List.of("contract.test") : List.of(zones), Map.of());
  }

  public static KnotServer start(List<String> zones, Map<String, List<String>> extraZoneLines) {
    KnotServer s = new KnotServer(zones, extraZoneLines);
    s.start();
    return s;
  }

  @Override
  protected String binary() {
    return "/usr/sbin/knotd";
  }

  @Override
  protected List<String> prepare() throws IOException {
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("db"));
    Files.createDirectories(dir.resolve("zones"));
    StringBuilder conf = new StringBuilder();
    conf.append("server:\n")
        .append("  rundir: \"")
        .append(dir.resolve("run"))
        .append("\"\n")
        .append("  pidfile: \"")
        .append(dir.resolve("run/knot.pid"))
        .append("\"\n")
        .append("  user: root:root\n")
        .append("  listen: 127.0.0.1@")
        .append(port)
        .append('\n')
        .append("  udp-workers: 1\n  tcp-workers: 1\n  background-workers: 1\n");
    conf.append("log:\n  - target: stderr\n    any: info\n");
    conf.append("database:\n  storage: \"").append(dir.resolve("db")).append("\"\n");
    conf.append("control:\n  listen: \"").append(dir.resolve("run/knot.sock")).append("\"\n");
    conf.append("key:\n  - id: ")
        .append(KEY_NAME)
        .append("\n    algorithm: ")
        .append(KEY_ALGORITHM)
        .append("\n    secret: ")
        .append(keySecretBase64())
        .append('\n');
    conf.append("  - id: ")
        .append(KEY512_NAME)
        .append("\n    algorithm: hmac-sha512\n    secret: ")
        .append(secret512Base64())
        .append('\n');
    conf.append("acl:\n  - id: update\n    key: [")
        .append(KEY_NAME)
        .append(", ")
        .append(KEY512_NAME)
        .append("]\n    action: update\n");
    conf.append("template:\n  - id: default\n    storage: \"")
        .append(dir.resolve("zones"))
        .append("\"\n    file: \"%s.zone\"\n    zonefile-sync: -1\n    journal-content: changes\n");
    conf.append("zone:\n");
    for (String zone : zones) {
      Files.writeString(
          dir.resolve("zones").resolve(zone + ".zone"), zoneFile(zone, lines(extraLines, zone)));
      conf.append("  - domain: ").append(zone).append("\n    acl: update\n");
    }
    Files.writeString(dir.resolve("knot.conf"), conf.toString());
    return List.of(binary(), "-c", dir.resolve("knot.conf").toString());
  }
}
