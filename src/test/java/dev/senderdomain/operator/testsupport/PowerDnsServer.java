package dev.senderdomain.operator.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A real PowerDNS Authoritative server (Debian {@code pdns-server} + {@code pdns-backend-sqlite3})
 * on 127.0.0.1: own SQLite database and config dir under {@code target/}, free DNS and API ports, a
 * random API key. Installs the packages through {@code .ci/services/powerdns.sh} when they are
 * missing. Never uses systemd.
 */
public final class PowerDnsServer implements AutoCloseable {
  public static final Path PDNS = Path.of("/usr/sbin/pdns_server");
  public static final Path SCHEMA =
      Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql");

  private final Path dir;
  private final int dnsPort;
  private final int apiPort;
  private final String apiKey;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PowerDnsServer(Path dir, int dnsPort, int apiPort, String apiKey, Process process) {
    this.dir = dir;
    this.dnsPort = dnsPort;
    this.apiPort = apiPort;
    this.apiKey = apiKey;
    this.process = process;
  }

  /** Starts pdns_server and waits until its API answers. */
  public static PowerDnsServer start() throws Exception {
    ensureInstalled();
    Path dir =
        Files.createTempDirectory(Files.createDirectories(Path.of("target", "pdns")), "pdns-")
            .toAbsolutePath();
    Path db = dir.resolve("pdns.sqlite3");
    run(
        new ProcessBuilder("sqlite3", db.toString()).redirectInput(SCHEMA.toFile()),
        "create the sqlite database");
    int dnsPort = freeUdpAndTcpPort();
    int apiPort = freeTcpPort();
    byte[] keyBytes = new byte[24];
    new SecureRandom().nextBytes(keyBytes);
    String apiKey = HexFormat.of().formatHex(keyBytes);
    String conf =
        String.join(
            "\n",
            "launch=gsqlite3",
            "gsqlite3-database=" + db,
            "local-address=127.0.0.1",
            "local-port=" + dnsPort,
            "api=yes",
            "api-key=" + apiKey,
            "webserver=yes",
            "webserver-address=127.0.0.1",
            "webserver-port=" + apiPort,
            "webserver-allow-from=127.0.0.0/8",
            "socket-dir=" + dir,
            "config-dir=" + dir,
            "loglevel=4",
            "");
    Files.writeString(dir.resolve("pdns.conf"), conf);
    Process p =
        new ProcessBuilder(
                PDNS.toString(),
                "--config-dir=" + dir,
                "--daemon=no",
                "--guardian=no",
                "--disable-syslog",
                "--write-pid=no")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("pdns.log").toFile())
            .start();
    // A test JVM that dies without close() must not leave a pdns_server behind.
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    PowerDnsServer server = new PowerDnsServer(dir, dnsPort, apiPort, apiKey, p);
    try {
      server.awaitApi(Duration.ofSeconds(30));
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Creates a Native zone with one NS (and its SOA, made by PowerDNS). */
  public void createZone(String zone) throws IOException, InterruptedException {
    String body =
        "{\"name\":\"" + zone + ".\",\"kind\":\"Native\",\"nameservers\":[\"ns1." + zone + ".\"]}";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(apiUrl() + "/api/v1/servers/localhost/zones"))
                .header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "creating zone " + zone + " failed: " + r.statusCode() + " " + r.body());
    }
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  public String apiKey() {
    return apiKey;
  }

  public int dnsPort() {
    return dnsPort;
  }

  public int apiPort() {
    return apiPort;
  }

  public String log() throws IOException {
    return Files.readString(dir.resolve("pdns.log"));
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private void awaitApi(Duration max) throws Exception {
    Instant deadline = Instant.now().plus(max);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "pdns_server exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(apiUrl() + "/api/v1/servers/localhost"))
                    .header("X-API-Key", apiKey)
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "pdns_server API did not come up within " + max + ":\n" + log());
  }

  private static void ensureInstalled() throws Exception {
    if (Files.isExecutable(PDNS) && Files.exists(SCHEMA) && onPath("sqlite3")) {
      return;
    }
    Path script = Path.of(".ci", "services", "powerdns.sh").toAbsolutePath();
    run(
        new ProcessBuilder("bash", script.toString()).inheritIO(),
        "install PowerDNS with " + script);
  }

  private static boolean onPath(String cmd) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, cmd))) {
        return true;
      }
    }
    return false;
  }

  private static void run(ProcessBuilder pb, String what) throws Exception {
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      String out =
          pb.redirectOutput() == ProcessBuilder.Redirect.PIPE
              ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                  + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
              : "";
      throw new IllegalStateException("could not " + what + ": " + out);
    }
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A port free for both UDP and TCP, since the DNS server binds both. */
  static int freeUdpAndTcpPort() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket t = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          DatagramSocket u =
              new DatagramSocket(t.getLocalPort(), InetAddress.getLoopbackAddress())) {
        return t.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port for UDP and TCP");
  }
}
