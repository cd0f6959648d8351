package dev.senderdomain.operator.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BIND 9 ({@code named -g}, foreground, one worker thread) serving the given zones as primary, with
 * dynamic updates allowed for the TSIG key {@link #KEY_NAME}. Usage:
 *
 * <pre>{@code
 * static BindServer bind;
 * @BeforeAll static void up() { bind = BindServer.start("example.com"); }
 * @AfterAll static void down() { bind.close(); }
 * ... new Rfc2136Adapter(bind.settings("example.com")) or bind.host()/port()/keyName()/keySecretBase64()
 * }</pre>
 */
public final class BindServer extends DnsTestServer {
  // The statistics channel lets the benchmark count the DNS messages the operator really sent.
  private final int statsPort = freePort();
  private final HttpClient http = HttpClient.newHttpClient();

  private final boolean transferToKey;

  private BindServer(List<String> zones, Map<String, List<String>> extra, boolean transferToKey) {
    super("bind", zones);
    this.extraLines = extra;
    this.transferToKey = transferToKey;
  }

  /** Starts BIND serving {@code zones} (default {@code contract.test}). */
  public static BindServer start(String... zones) {
    return start(zones.length == 0 ? List.of("contract.test") : List.of(zones), Map.of());
  }

  /**
   * Starts BIND with extra zone-file lines per zone, e.g. foreign records present before the test.
   */
  public static BindServer start(List<String> zones, Map<String, List<String>> extraZoneLines) {
    return start(zones, extraZoneLines, false);
  }

  /**
   * As {@link #start(List, Map)}; {@code transferToKey}: zone transfers (AXFR) are allowed to the
   * TSIG key {@link #KEY_NAME}, else refused to everyone ({@code allow-transfer { none; }}).
   */
  public static BindServer start(
      List<String> zones, Map<String, List<String>> extraZoneLines, boolean transferToKey) {
    BindServer s = new BindServer(zones, extraZoneLines, transferToKey);
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
    conf.append("key \"")
        .append(KEY512_NAME)
        .append("\" { algorithm hmac-sha512; secret \"")
        .append(secret512Base64())
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
      Files.writeString(dir.resolve(zone + ".zone"), zoneFile(zone, lines(extraLines, zone)));
      conf.append("zone \"")
          .append(zone)
          .append("\" { type primary; file \"")
          .append(dir.resolve(zone + ".zone"))
          .append("\"; allow-update { key \"")
          .append(KEY_NAME)
          .append("\"; key \"")
          .append(KEY512_NAME)
          .append("\"; }; allow-transfer { ")
          .append(transferToKey ? "key \"" + KEY_NAME + "\";" : "none;")
          .append(" }; };\n");
    }
    Files.writeString(dir.resolve("named.conf"), conf.toString());
    // -g: foreground, log to stderr; -n 1: one worker (2 shared cores); no -u: stay root in this
    // root-owned dir.
    return List.of(binary(), "-g", "-n", "1", "-c", dir.resolve("named.conf").toString());
  }

  /** Messages BIND received per opcode: {QUERY, UPDATE}, from its statistics channel. */
  public long[] opcodes() throws IOException, InterruptedException {
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

  /** BIND's process id, e.g. for its CPU time in /proc. */
  public String pid() throws IOException {
    return Files.readString(dir.resolve("named.pid")).trim();
  }
}
