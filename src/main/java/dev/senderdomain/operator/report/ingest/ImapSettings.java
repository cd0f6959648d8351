package dev.senderdomain.operator.report.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link ImapReportPoller} reads the report mailbox.
 *
 * @param host IMAP server
 * @param port 993 for TLS, 143 plain
 * @param tls implicit TLS (imaps) with the server certificate and name checked
 * @param user login name
 * @param folder where reports arrive
 * @param processedFolder where handled mail goes
 * @param failedFolder where mail without a usable report goes
 * @param maxMessageBytes larger messages are not downloaded; they go to the failed folder
 * @param maxMessagesPerPoll bounds one poll's work; the rest waits for the next poll
 * @param timeout connect and read timeout
 */
public record ImapSettings(
    String host,
    int port,
    boolean tls,
    String user,
    String folder,
    String processedFolder,
    String failedFolder,
    long maxMessageBytes,
    int maxMessagesPerPoll,
    Duration timeout) {
  public ImapSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("imap port must be 1..65535, got " + port);
    }
  }

  /**
   * INBOX, dmarc-processed, dmarc-failed, 32 MiB per message, 200 messages per poll, 30 s timeouts.
   */
  public static ImapSettings of(String host, int port, boolean tls, String user) {
    return new ImapSettings(
        host,
        port,
        tls,
        user,
        "INBOX",
        "dmarc-processed",
        "dmarc-failed",
        32L << 20,
        200,
        Duration.ofSeconds(30));
  }
}
