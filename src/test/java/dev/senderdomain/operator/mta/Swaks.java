package dev.senderdomain.operator.mta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Sends one message with swaks, as a mail client submitting to the server under test would. */
final class Swaks {
  private Swaks() {}

  /**
   * Submits a message from {@code from} to 127.0.0.1:{@code port}; returns swaks' transcript.
   *
   * @throws IllegalStateException when the server does not accept it (the transcript says why)
   */
  static String send(int port, String from, String subject, String body) {
    List<String> command =
        List.of(
            MailServerBinaries.SWAKS.toString(),
            "--server",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--helo",
            "client.mta.test",
            "--from",
            from,
            "--to",
            "postmaster@example.net",
            "--header",
            "Subject: " + subject,
            "--body",
            body,
            "--timeout",
            "120");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("the server did not accept the message:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
