package dev.senderdomain.operator.bench;

import dev.senderdomain.operator.testsupport.DnsTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIND 9 as {@code BindServer} runs it (primary for the zones, TSIG-signed updates, one worker
 * thread), plus its statistics channel, so the benchmark counts the DNS messages the operator
 * really sent (QUERY and UPDATE opcodes as BIND saw them) and BIND's own CPU time.
 */
final class StatsBind extends DnsTestServer {
  private final int statsPort = freePort();
  private final HttpClient http = HttpClient.newHttpClient();

  private StatsBind(List<String> zones) {
    super("bench-bind", zones);
  }

  static StatsBind start(List<String> zones) {
    StatsBind s = new StatsBind(zones);
    s.start();
    return s;
  }

  @Override
  protected String binary() {
    return "/usr/sbin/named";
  }

  @Override
  protected List<String> prepare() throws IOException {
    StringBuilder conf = new StringBuilder();
    conf.append("key \"")
        .append(KEY_NAME)
        .append("\" { algorithm ")
        .append(KEY_ALGORITHM)
        .append("; secret \"")
        .append(keySecretBase64())
        .append("\"; };\n");
    conf.append("controls { };\n");
    conf.append("statistics-channels { inet 127.0.0.1 port ")
        .append(statsPort)
        .append(" allow { 127.0.0.1; }; };\n");
    conf.append("options {\n")
        .append("  directory \"")
        .append(dir)
        .append("\";\n")
        .append("  pid-file \"")
        .append(dir.resolve("named.pid"))
        .append("\";\n")
        .append("  session-keyfile \"")
        .append(dir.resolve("session.key"))
        .append("\";\n")
        .append("  managed-keys-directory \"")
        .append(dir)
        .append("\";\n")
        .append("  listen-on port ")
        .append(port)
        .append(" { 127.0.0.1; };\n")
        .append("  listen-on-v6 { none; };\n")
        .append("  recursion no;\n  allow-query { any; };\n  dnssec-validation no;\n  notify no;\n")
        .append("};\n");
    for (String zone : zones) {
      Files.writeString(dir.resolve(zone + ".zone"), zoneFile(zone, List.of()));
      conf.append("zone \"")
          .append(zone)
          .append("\" { type primary; file \"")
          .append(dir.resolve(zone + ".zone"))
          .append("\"; allow-update { key \"")
          .append(KEY_NAME)
          .append("\"; }; };\n");
    }
    Files.writeString(dir.resolve("named.conf"), conf.toString());
    return List.of(binary(), "-g", "-n", "1", "-c", dir.resolve("named.conf").toString());
  }

  /** Messages BIND received per opcode: {QUERY, UPDATE}. */
  long[] opcodes() throws IOException, InterruptedException {
    String json =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + statsPort + "/json/v1/server"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new long[] {count(json, "QUERY"), count(json, "UPDATE")};
  }

  private static long count(String json, String opcode) {
    int at = json.indexOf("\"opcodes\"");
    Matcher m = Pattern.compile("\"" + opcode + "\":(\\d+)").matcher(json);
    return at >= 0 && m.find(at) ? Long.parseLong(m.group(1)) : 0;
  }

  /** BIND's CPU time (user + system) in seconds, from /proc. */
  double cpuSeconds() throws IOException {
    String pid = Files.readString(dir.resolve("named.pid")).trim();
    return ProcStat.cpuSeconds(Path.of("/proc", pid, "stat"));
  }
}
