package dev.senderdomain.operator.mta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dkimpy's verdict on every DKIM-Signature of a message, each key looked up at the test's BIND only
 * (resources/mta/dkim-verify.py).
 */
final class Dkimpy {
  /** One signature: {@code pass}, and its {@code d=}, {@code s=} and {@code a=} tags. */
  record Verdict(boolean pass, String domain, String selector, String algorithm) {
    static Verdict parse(String line) {
      String[] f = line.strip().split(" ");
      if (f.length != 4 || !(f[0].equals("pass") || f[0].equals("fail"))) {
        throw new IllegalStateException("unexpected dkim-verify.py output: " + line);
      }
      return new Verdict(
          f[0].equals("pass"), f[1].substring(2), f[2].substring(2), f[3].substring(2));
    }
  }

  private final Path script;
  private final Path dir;
  private final int dnsPort;
  private int n;

  Dkimpy(Path dir, int dnsPort) throws IOException {
    this.dir = dir;
    this.dnsPort = dnsPort;
    this.script = dir.resolve("dkim-verify.py");
    try (InputStream in = Dkimpy.class.getResourceAsStream("/mta/dkim-verify.py")) {
      Files.write(script, in.readAllBytes());
    }
  }

  /** One verdict per DKIM-Signature header field, in header order. */
  List<Verdict> verify(byte[] message) {
    try {
      Path file = Files.write(dir.resolve("message-" + (++n) + ".eml"), message);
      Process p =
          new ProcessBuilder(
                  MailServerBinaries.PYTHON.toString(),
                  script.toString(),
                  Integer.toString(dnsPort),
                  file.toString())
              .redirectError(dir.resolve("dkim-verify-" + n + ".err").toFile())
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "dkim-verify.py failed: "
                + out
                + Files.readString(dir.resolve("dkim-verify-" + n + ".err")));
      }
      return out.lines().filter(l -> !l.isBlank()).map(Verdict::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
