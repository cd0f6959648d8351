package dev.senderdomain.operator.testsupport;

import dev.senderdomain.operator.dns.WireRecords;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server (BIND 9 or Knot) started by a test on 127.0.0.1 and a free port,
 * with its own config dir and pid file under {@code target/dns-servers/}, the zones asked for and a
 * random hmac-sha256 TSIG key allowed to update them. Start once per test class
 * ({@code @BeforeAll}) and {@link #close()} it after.
 *
 * <p>The binaries come from {@code .ci/services/dns-servers.sh} (apt-get, idempotent). A missing
 * binary fails the test with that hint rather than skipping it.
 */
public abstract class DnsTestServer implements AutoCloseable {
  public static final String KEY_NAME = "sdo-test-key";
  public static final String KEY_ALGORITHM = "hmac-sha256";

  /** A second key, hmac-sha512, also allowed to update every zone. */
  public static final String KEY512_NAME = "sdo-test-key-512";

  protected final Path dir;
  protected final int port;
  protected final List<String> zones;
  protected final byte[] secret;
  protected final byte[] secret512;
  private Process process;

  protected DnsTestServer(String kind, List<String> zones) {
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("at least one zone");
    }
    this.zones = List.copyOf(zones);
    this.port = freePort();
    this.secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.secret512 = new byte[64];
    new SecureRandom().nextBytes(secret512);
    try {
      Path base = Path.of("target", "dns-servers").toAbsolutePath();
      Files.createDirectories(base);
      this.dir = Files.createTempDirectory(base, kind + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the config under {@link #dir} and returns the command that runs the server in the
   * foreground.
   */
  protected abstract List<String> prepare() throws IOException;

  protected abstract String binary();

  protected final void start() {
    String bin = binary();
    if (!Files.isExecutable(Path.of(bin))) {
      installOnce();
    }
    if (!Files.isExecutable(Path.of(bin))) {
      throw new IllegalStateException(
          bin + " is not installed: run .ci/services/dns-servers.sh (as root) first");
    }
    try {
      List<String> command = prepare();
      Path log = dir.resolve("server.log");
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      waitUntilServing(log);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("could not start " + bin, e);
    }
  }

  private static boolean installTried;

  /**
   * A fresh machine: run the install script once per JVM (apt-get, needs root); the caller
   * re-checks.
   */
  private static synchronized void installOnce() {
    Path script = Path.of(".ci", "services", "dns-servers.sh").toAbsolutePath();
    if (installTried || !Files.isExecutable(script)) {
      return;
    }
    installTried = true;
    try {
      Process p = new ProcessBuilder(script.toString()).inheritIO().start();
      if (!p.waitFor(15, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // reported by the caller as "not installed"
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void waitUntilServing(Path log) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    SimpleResolver r = new SimpleResolver(address());
    r.setTimeout(Duration.ofMillis(300));
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            binary() + " exited with " + process.exitValue() + ":\n" + tail(log));
      }
      try {
        boolean all = true;
        for (String zone : zones) {
          Message m =
              r.send(
                  Message.newQuery(Record.newRecord(WireRecords.name(zone), Type.SOA, DClass.IN)));
          all &=
              m.getRcode() == Rcode.NOERROR
                  && !m.getSection(org.xbill.DNS.Section.ANSWER).isEmpty();
        }
        if (all) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(100);
    }
    close();
    throw new IllegalStateException(
        binary() + " did not serve " + zones + " within 30s:\n" + tail(log));
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /**
   * The minimal zone file: SOA, NS and the NS address, plus {@code extra} lines (zone file syntax).
   */
  protected static String zoneFile(String zone, List<String> extra) {
    StringBuilder sb = new StringBuilder();
    sb.append("$ORIGIN ").append(zone).append(".\n$TTL 300\n");
    sb.append("@ IN SOA ns1.")
        .append(zone)
        .append(". hostmaster.")
        .append(zone)
        .append(". 1 3600 600 86400 60\n");
    sb.append("@ IN NS ns1.").append(zone).append(".\n");
    sb.append("ns1 IN A 127.0.0.1\n");
    extra.forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  protected Map<String, List<String>> extraLines = Map.of();

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  public List<String> zones() {
    return zones;
  }

  public String keyName() {
    return KEY_NAME;
  }

  public String keyAlgorithm() {
    return KEY_ALGORITHM;
  }

  public byte[] keySecret() {
    return secret.clone();
  }

  /** The secret as it goes into a Kubernetes Secret's value (and BIND's key statement). */
  public String keySecretBase64() {
    return Base64.getEncoder().encodeToString(secret);
  }

  public Path dir() {
    return dir;
  }

  /** Adapter settings for this server: {@code zone} null means discover it from the SOA. */
  public Rfc2136Settings settings(String zone) {
    return new Rfc2136Settings(
        host(), port, zone, KEY_NAME, KEY_ALGORITHM, secret, Duration.ofSeconds(3));
  }

  /** Adapter settings using the hmac-sha512 key {@link #KEY512_NAME}. */
  public Rfc2136Settings settings512(String zone) {
    return new Rfc2136Settings(
        host(), port, zone, KEY512_NAME, "hmac-sha512", secret512, Duration.ofSeconds(3));
  }

  protected String secret512Base64() {
    return Base64.getEncoder().encodeToString(secret512);
  }

  /**
   * The SOA serial of {@code zone} as served now (tests: "no UPDATE was sent" means the serial did
   * not move).
   */
  public long serial(String zone) throws IOException {
    SimpleResolver r = new SimpleResolver(address());
    Message m =
        r.send(Message.newQuery(Record.newRecord(WireRecords.name(zone), Type.SOA, DClass.IN)));
    return ((org.xbill.DNS.SOARecord) m.getSection(org.xbill.DNS.Section.ANSWER).get(0))
        .getSerial();
  }

  /** Stops the server (tests of "server down"); idempotent. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Freezes the server (SIGSTOP): the kernel still accepts connections but nothing is answered, as
   * with a hung or partitioned server. {@link #thaw} resumes it with its zones as they were.
   */
  public void freeze() {
    signal("STOP");
  }

  /** Resumes a {@link #freeze frozen} server (SIGCONT). */
  public void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** A port free for both TCP and UDP on 127.0.0.1 right now. */
  public static int freePort() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int p = tcp.getLocalPort();
        try (DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
          return p;
        } catch (IOException taken) {
          // UDP side busy, try another
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port");
  }

  protected static List<String> lines(Map<String, List<String>> extra, String zone) {
    return new ArrayList<>(extra.getOrDefault(zone, List.of()));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Applies what a user would to point the operator at this server: the TSIG key as a Secret
   * ({@code <providerName>-tsig}, key {@code secret}) and an {@code rfc2136} DnsProvider.
   *
   * @param zone the provider's zone, or null to let the adapter find it from the SOA
   */
  public void applyAsDnsProvider(
      io.fabric8.kubernetes.client.KubernetesClient client,
      String namespace,
      String providerName,
      String zone) {
    String secretName = providerName + "-tsig";
    client
        .secrets()
        .inNamespace(namespace)
        .resource(tsigSecret(namespace, secretName, keySecretBase64()))
        .create();
    var provider = new dev.senderdomain.operator.api.v1alpha1.DnsProvider();
    provider.getMetadata().setName(providerName);
    provider.getMetadata().setNamespace(namespace);
    var spec = new dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec();
    spec.rfc2136 = new dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec.Rfc2136();
    spec.rfc2136.server = host();
    spec.rfc2136.port = port();
    spec.rfc2136.zone = zone;
    spec.rfc2136.tsig = new dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec.Tsig();
    spec.rfc2136.tsig.keyName = keyName();
    spec.rfc2136.tsig.algorithm = keyAlgorithm();
    spec.rfc2136.tsig.secretRef =
        new dev.senderdomain.operator.api.v1alpha1.SecretKeySelector(secretName, "secret");
    provider.setSpec(spec);
    client.resource(provider).create();
  }

  /**
   * A Secret holding a TSIG key under {@code secret}, base64 as {@code tsig-keygen} prints it: what
   * a DnsProvider's {@code tsig.secretRef} points at.
   */
  public static io.fabric8.kubernetes.api.model.Secret tsigSecret(
      String namespace, String name, String base64Key) {
    return new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withData(
            Map.of(
                "secret",
                java.util.Base64.getEncoder()
                    .encodeToString(
                        base64Key.getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
        .build();
  }
}
