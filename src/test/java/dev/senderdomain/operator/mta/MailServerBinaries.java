package dev.senderdomain.operator.mta;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the ring's programs are, as .ci/services/mail-servers.sh installs them: Debian's packages,
 * and Exim's daemon unpacked into a private prefix (it conflicts with Postfix as a package) or, on
 * a machine whose mail system it is, Debian's own.
 */
final class MailServerBinaries {
  static final Path OPENDKIM = Path.of("/usr/sbin/opendkim");
  static final Path POSTFIX = Path.of("/usr/sbin/postfix");
  static final Path RSPAMD = Path.of("/usr/bin/rspamd");
  static final Path SWAKS = Path.of("/usr/bin/swaks");
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path UNSHARE = Path.of("/usr/bin/unshare");
  private static final Path EXIM_PRIVATE = Path.of("/opt/senderdomain-test/exim4/usr/sbin/exim4");
  static final Path EXIM =
      Files.isExecutable(EXIM_PRIVATE) ? EXIM_PRIVATE : Path.of("/usr/sbin/exim4");

  private MailServerBinaries() {}

  /** Skips the test (with the reason) when a program is not installed. */
  static void assumeInstalled(Path... programs) {
    for (Path p : programs) {
      assumeTrue(
          Files.isExecutable(p),
          p + " is not installed: run .ci/services/mail-servers.sh (as root) to install it");
    }
    assumeTrue(
        run(List.of(PYTHON.toString(), "-c", "import dkim, nacl, dns.resolver")) == 0,
        "dkimpy is not installed: run .ci/services/interop-tools.sh");
  }

  private static int run(List<String> command) {
    if (!Files.isExecutable(Path.of(command.get(0)))) {
      return -1;
    }
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A TCP port free on 127.0.0.1 right now. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
