package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.report.sender.SenderMap;
import dev.senderdomain.operator.time.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The reports pipeline's settings, usually from the environment ({@link #fromEnv}).
 *
 * @param imap IMAP settings, null when no mailbox is polled
 * @param uploadToken the POST /reports bearer token; unset disables the endpoint
 * @param readToken the token {@code /dashboard} (report data) asks for; unset closes it
 */
public record PipelineConfig(
    String storeUrl,
    SecretValue storePassword,
    ImapSettings imap,
    SecretValue imapPassword,
    Duration imapInterval,
    SecretValue uploadToken,
    long uploadMaxBytes,
    Duration retention,
    Path sendersFile,
    SecretValue readToken) {
  public static final Duration DEFAULT_RETENTION =
      Duration.ofDays(ReportIngestor.DEFAULT_RETENTION_DAYS);

  /** Without a read token: the dashboard closed. */
  public PipelineConfig(
      String storeUrl,
      SecretValue storePassword,
      ImapSettings imap,
      SecretValue imapPassword,
      Duration imapInterval,
      SecretValue uploadToken,
      long uploadMaxBytes,
      Duration retention,
      Path sendersFile) {
    this(
        storeUrl,
        storePassword,
        imap,
        imapPassword,
        imapInterval,
        uploadToken,
        uploadMaxBytes,
        retention,
        sendersFile,
        SecretValue.of(READ_TOKEN, ""));
  }

  static final String READ_TOKEN = "SDO_DASHBOARD_TOKEN";

  /** Without a retention setting: {@link #DEFAULT_RETENTION}. */
  public PipelineConfig(
      String storeUrl,
      SecretValue storePassword,
      ImapSettings imap,
      SecretValue imapPassword,
      Duration imapInterval,
      SecretValue uploadToken,
      long uploadMaxBytes) {
    this(
        storeUrl,
        storePassword,
        imap,
        imapPassword,
        imapInterval,
        uploadToken,
        uploadMaxBytes,
        DEFAULT_RETENTION,
        null);
  }

  /** The same settings with another store URL (e.g. from a command-line option). */
  public PipelineConfig withStoreUrl(String url) {
    return new PipelineConfig(
        url,
        storePassword,
        imap,
        imapPassword,
        imapInterval,
        uploadToken,
        uploadMaxBytes,
        retention,
        sendersFile,
        readToken);
  }

  /**
   * The sender map: the shipped one, extended by {@link #sendersFile} when set.
   *
   * @throws IllegalArgumentException when the file cannot be read or has a bad entry
   */
  public SenderMap senderMap() {
    if (sendersFile == null) {
      return SenderMap.shipped();
    }
    try {
      return SenderMap.withFile(sendersFile);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "SDO_REPORT_SENDERS_FILE " + sendersFile + " cannot be used: " + e.getMessage(), e);
    }
  }

  /**
   * {@code SDO_REPORT_STORE_URL} (default {@code h2:/data/reports/reports}), {@code
   * SDO_REPORT_STORE_PASSWORD}, {@code SDO_IMAP_HOST} (absent: no polling), {@code SDO_IMAP_PORT}
   * (993 with TLS, else 143), {@code SDO_IMAP_TLS} (true), {@code SDO_IMAP_USER}, {@code
   * SDO_IMAP_PASSWORD}, {@code SDO_IMAP_FOLDER} (INBOX), {@code SDO_IMAP_PROCESSED_FOLDER}
   * (dmarc-processed), {@code SDO_IMAP_FAILED_FOLDER} (dmarc-failed), {@code SDO_IMAP_INTERVAL}
   * (5m), {@code SDO_REPORT_UPLOAD_TOKEN}, {@code SDO_REPORT_UPLOAD_MAX_BYTES} (16 MiB), {@code
   * SDO_REPORT_RETENTION} (400d: reports ending earlier are refused, and deleted once a day),
   * {@code SDO_REPORT_SENDERS_FILE} (senders added to the shipped sender map), {@code
   * SDO_DASHBOARD_TOKEN} (the token /dashboard asks for; unset: closed). Each secret can also be
   * given as a file: {@code <NAME>_FILE}.
   */
  public static PipelineConfig fromEnv(Map<String, String> env) {
    ImapSettings imap = null;
    String host = env.getOrDefault("SDO_IMAP_HOST", "").strip();
    if (!host.isEmpty()) {
      boolean tls = !"false".equalsIgnoreCase(env.getOrDefault("SDO_IMAP_TLS", "true").strip());
      int port = integer(env, "SDO_IMAP_PORT", tls ? 993 : 143);
      String user = env.getOrDefault("SDO_IMAP_USER", "").strip();
      if (user.isEmpty()) {
        throw new IllegalArgumentException("SDO_IMAP_USER must be set when SDO_IMAP_HOST is");
      }
      ImapSettings d = ImapSettings.of(host, port, tls, user);
      imap =
          new ImapSettings(
              host,
              port,
              tls,
              user,
              env.getOrDefault("SDO_IMAP_FOLDER", d.folder()),
              env.getOrDefault("SDO_IMAP_PROCESSED_FOLDER", d.processedFolder()),
              env.getOrDefault("SDO_IMAP_FAILED_FOLDER", d.failedFolder()),
              d.maxMessageBytes(),
              d.maxMessagesPerPoll(),
              d.timeout());
    }
    Duration interval =
        Durations.parsePositive("SDO_IMAP_INTERVAL", env.getOrDefault("SDO_IMAP_INTERVAL", "5m"));
    return new PipelineConfig(
        env.get("SDO_REPORT_STORE_URL"),
        SecretValue.fromEnv(env, "SDO_REPORT_STORE_PASSWORD"),
        imap,
        SecretValue.fromEnv(env, "SDO_IMAP_PASSWORD"),
        interval,
        SecretValue.fromEnv(env, "SDO_REPORT_UPLOAD_TOKEN"),
        integer(env, "SDO_REPORT_UPLOAD_MAX_BYTES", (int) ReportUploadHandler.DEFAULT_MAX_BYTES),
        Durations.parsePositive(
            "SDO_REPORT_RETENTION", env.getOrDefault("SDO_REPORT_RETENTION", "400d")),
        env.getOrDefault("SDO_REPORT_SENDERS_FILE", "").isBlank()
            ? null
            : Path.of(env.get("SDO_REPORT_SENDERS_FILE").strip()),
        SecretValue.fromEnv(env, READ_TOKEN));
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String v = env.getOrDefault(name, "").strip();
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got \"" + v + "\"");
    }
  }
}
