package dev.senderdomain.operator.report.ingest;

import static dev.senderdomain.operator.report.TestReports.fail;
import static dev.senderdomain.operator.report.TestReports.gzip;
import static dev.senderdomain.operator.report.TestReports.pass;
import static dev.senderdomain.operator.report.TestReports.report;
import static dev.senderdomain.operator.report.TestReports.xml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.report.DailyPassRate;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.testsupport.DovecotServer;
import jakarta.activation.DataHandler;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real crash: the poller runs in its own JVM against a real Dovecot and the embedded H2 file
 * store, and is killed with {@code Runtime.halt} at three moments. After each, a fresh poller (the
 * restarted operator) must leave exactly one copy of the report in the store and the mail in the
 * processed folder.
 */
class ImapPollerCrashTest {
  static final String USER = "dmarc";
  static final String PASSWORD = "crash-test-pw";
  static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

  @TempDir Path dir;

  DovecotServer dovecot;
  final Session session = Session.getInstance(new Properties());

  @BeforeEach
  void start() throws Exception {
    dovecot = DovecotServer.start(USER, PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    dovecot.close();
  }

  @ParameterizedTest(name = "killed {0}: inbox {1}, stored {2} before the restart")
  @CsvSource({"before-commit, 1, 0", "after-commit, 1, 11", "after-poll, 0, 11"})
  void nothingIsLostAndNothingDoubledWhenTheProcessDies(
      String moment, int inboxAfterCrash, long storedAfterCrash) throws Exception {
    append(
        gzip(
            xml(
                report(
                    "google.com",
                    "crash-" + moment,
                    "example.com",
                    DAY,
                    pass("192.0.2.1", 10),
                    fail("198.51.100.2", 1)))));
    String url = "h2:" + dir.resolve("reports");

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashingPoller.class.getName(),
                Integer.toString(dovecot.port()),
                USER,
                PASSWORD,
                url,
                moment)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue())
        .as("the child died at the chosen moment")
        .isEqualTo(CrashingPoller.HALTED);

    assertThat(count("INBOX")).isEqualTo(inboxAfterCrash);
    try (ReportStore store = ReportStores.open(url, null)) {
      assertThat(messages(store)).isEqualTo(storedAfterCrash);

      ImapReportPoller restarted =
          new ImapReportPoller(
              ImapSettings.of("127.0.0.1", dovecot.port(), false, USER),
              () -> PASSWORD,
              new ReportIngestor(
                  store, null, ParserLimits.DEFAULTS, Set.of("example.com")::contains));
      restarted.pollOnce();

      assertThat(count("INBOX")).isZero();
      assertThat(count("dmarc-processed")).isEqualTo(1);
      assertThat(messages(store)).isEqualTo(11);
    }
  }

  private static long messages(ReportStore store) {
    return store.dailyPassRates("example.com", NOW.minus(Duration.ofDays(30)), NOW).stream()
        .mapToLong(DailyPassRate::messages)
        .sum();
  }

  private void append(byte[] gz) throws Exception {
    MimeMessage m = new MimeMessage(session);
    m.setSubject("Report Domain: example.com");
    m.setDataHandler(new DataHandler(new ByteArrayDataSource(gz, "application/gzip")));
    m.saveChanges();
    try (Store s = session.getStore("imap")) {
      s.connect("127.0.0.1", dovecot.port(), USER, PASSWORD);
      s.getFolder("INBOX").appendMessages(new Message[] {m});
    }
  }

  private int count(String folder) throws Exception {
    try (Store s = session.getStore("imap")) {
      s.connect("127.0.0.1", dovecot.port(), USER, PASSWORD);
      Folder f = s.getFolder(folder);
      if (!f.exists()) {
        return 0;
      }
      f.open(Folder.READ_ONLY);
      try {
        return List.of(f.getMessages()).size();
      } finally {
        f.close(false);
      }
    }
  }
}
