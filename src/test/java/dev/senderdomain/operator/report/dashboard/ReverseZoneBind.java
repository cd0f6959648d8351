package dev.senderdomain.operator.report.dashboard;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * BIND 9 from Debian ({@code /usr/sbin/named}, installed by .ci/services/dns-servers.sh) serving
 * one reverse zone on 127.0.0.1 and a free port, for the reverse DNS lookups of the dashboard.
 * Foreground, one worker, own directory.
 */
final class ReverseZoneBind implements AutoCloseable {
  private final Path dir;
  private final Process process;
  final int port;

  private ReverseZoneBind(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /**
   * @param ptr last octet to host name, in 192.0.2.0/24
   */
  static ReverseZoneBind start(Map<Integer, String> ptr) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("sdo-rdns-bind-");
    int port;
    try (DatagramSocket s = new DatagramSocket(0)) {
      port = s.getLocalPort();
    }
    StringBuilder zone =
        new StringBuilder(
            "$TTL 300\n@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300\n"
                + "@ IN NS ns.test.\n");
    ptr.forEach((octet, host) -> zone.append(octet).append(" IN PTR ").append(host).append(".\n"));
    Files.writeString(dir.resolve("reverse.zone"), zone.toString());
    Files.writeString(
        dir.resolve("named.conf"),
        "controls { };\noptions {\n  directory \""
            + dir
            + "\";\n"
            + "  pid-file \""
            + dir.resolve("named.pid")
            + "\";\n  session-keyfile \""
            + dir.resolve("session.key")
            + "\";\n  managed-keys-directory \""
            + dir
            + "\";\n  listen-on port "
            + port
            + " { 127.0.0.1; };\n"
            + "  listen-on-v6 { none; };\n  check-names primary ignore;\n  recursion no;\n"
            + "  dnssec-validation no;\n  notify no;\n};\n"
            + "zone \"2.0.192.in-addr.arpa\" { type primary; file \""
            + dir.resolve("reverse.zone")
            + "\"; };\n");
    Process p =
        new ProcessBuilder(
                "/usr/sbin/named", "-g", "-n", "1", "-c", dir.resolve("named.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("named.log").toFile())
            .start();
    ReverseZoneBind bind = new ReverseZoneBind(dir, p, port);
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    r.setTimeout(Duration.ofMillis(300));
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try {
        Message m =
            r.send(
                Message.newQuery(
                    Record.newRecord(
                        Name.fromString("2.0.192.in-addr.arpa."), Type.SOA, DClass.IN)));
        if (m.getRcode() == Rcode.NOERROR && m.getSection(1).size() > 0) {
          return bind;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (!p.isAlive() || Instant.now().isAfter(deadline)) {
        String log = Files.readString(dir.resolve("named.log"));
        bind.close();
        throw new IllegalStateException("named did not start: " + log);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    process.waitFor();
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
