package dev.senderdomain.operator.report.ingest;

import static dev.senderdomain.operator.report.TestReports.fail;
import static dev.senderdomain.operator.report.TestReports.gzip;
import static dev.senderdomain.operator.report.TestReports.pass;
import static dev.senderdomain.operator.report.TestReports.report;
import static dev.senderdomain.operator.report.TestReports.xml;
import static dev.senderdomain.operator.report.TestReports.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.DailyPassRate;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.SourceStats;
import dev.senderdomain.operator.report.store.ForwardingReportStore;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStoreException;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.report.store.StoreResult;
import jakarta.activation.DataHandler;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the poller must do against any IMAP server, with the real parser and an H2 store; subclasses
 * supply the server (GreenMail in-process, Dovecot from Debian).
 */
abstract class ImapPollerContract {
  static final String USER = "dmarc";
  static final String PASSWORD = "imap-secret-pw";
  static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

  ReportStore store;
  final Session session = Session.getInstance(new Properties());

  /** Starts a server with the mailbox {@link #USER} / {@link #PASSWORD}. */
  abstract void startServer() throws Exception;

  abstract void stopServer() throws Exception;

  abstract int port();

  /** Puts the message into the mailbox's INBOX. */
  abstract void deliverToInbox(MimeMessage m) throws MessagingException;

  @BeforeEach
  void start() throws Exception {
    startServer();
    store = ReportStores.open("h2:mem:imap-" + System.nanoTime(), null);
  }

  @AfterEach
  void stop() throws Exception {
    stopServer();
    store.close();
  }

  @Test
  void storesTheReportFromEveryMimeShapeReceiversUseAndMovesEachMailOnce() throws Exception {
    deliver(
        mixed(
            attachment(
                gzip(xml(rep("gzip-attachment"))),
                "application/gzip",
                "google.com!example.com.xml.gz")));
    deliver(
        mixed(
            attachment(
                zip("report.xml", xml(rep("zip-attachment"))), "application/zip", "report.zip")));
    deliver(singlePart(xml(rep("bare-xml-body")), "text/xml"));
    deliver(singlePart(gzip(xml(rep("gzip-body"))), "application/gzip"));
    deliver(
        mixed(attachment(gzip(xml(rep("octet-stream"))), "application/octet-stream", "r.xml.gz")));
    MimeMultipart alternative = new MimeMultipart("alternative", text("plain"), html());
    MimeMultipart inner =
        new MimeMultipart(
            attachment(zip("r.xml", xml(rep("nested"))), "application/x-zip-compressed", "r.zip"));
    deliver(message(new MimeMultipart(wrap(alternative), wrap(inner))));
    MimeMessage original =
        message(mixed(attachment(gzip(xml(rep("forwarded"))), "application/gzip", "f.xml.gz")));
    original.saveChanges();
    MimeBodyPart forwarded = new MimeBodyPart();
    forwarded.setContent(original, "message/rfc822");
    deliver(message(new MimeMultipart(text("FYI, forwarding this report"), forwarded)));

    ImapReportPoller.PollResult result = poller(store).pollOnce();

    assertThat(result).isEqualTo(new ImapReportPoller.PollResult(7, 7, 0, 7, 0));
    assertThat(count("INBOX")).isZero();
    assertThat(count("dmarc-processed")).isEqualTo(7);
    assertThat(store.reporters("example.com", NOW.minus(Duration.ofDays(7)), NOW).get(0).reports())
        .isEqualTo(7);
    assertThat(store.sources("example.com", NOW.minus(Duration.ofDays(7)), NOW))
        .containsExactly(
            new SourceStats("192.0.2.1", 70, 70, 70, 70, 0),
            new SourceStats("198.51.100.2", 7, 0, 0, 0, 0));
    assertThat(poller(store).pollOnce()).isEqualTo(new ImapReportPoller.PollResult(0, 0, 0, 0, 0));
  }

  @Test
  void mailWithoutAUsableReportGoesToTheFailedFolderAndNothingIsStored() throws Exception {
    deliver(message(new MimeMultipart(text("just saying hello"))));
    deliver(
        mixed(
            attachment(
                new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3},
                "application/gzip",
                "broken.xml.gz")));
    deliver(mixed(attachment("<feedback><oops>".getBytes(), "text/xml", "half.xml")));
    // a fine report, but about a domain no SenderDomain manages: anyone can mail the rua address
    deliver(
        mixed(
            attachment(
                xml(report("x", "y", "victim.example", DAY, pass("192.0.2.1", 1))),
                "text/xml",
                "r.xml")));
    // a real report, but older than the retention: it would be purged within a day
    deliver(
        mixed(
            attachment(
                xml(
                    report(
                        "google.com",
                        "2024",
                        "example.com",
                        Instant.parse("2024-05-01T00:00:00Z"),
                        pass("192.0.2.1", 1))),
                "text/xml",
                "old.xml")));

    ImapReportPoller.PollResult result = poller(store).pollOnce();

    assertThat(result).isEqualTo(new ImapReportPoller.PollResult(5, 0, 5, 0, 0));
    assertThat(count("INBOX")).isZero();
    assertThat(count("dmarc-failed")).isEqualTo(5);
    assertThat(store.lastReportAt("victim.example")).isEmpty();
    assertThat(count("dmarc-processed")).isZero();
    assertThat(store.lastReportAt("example.com")).isEmpty();
  }

  @Test
  void aStoreFailureBetweenFetchAndStoreLosesNothing() throws Exception {
    deliver(mixed(attachment(gzip(xml(rep("outage"))), "application/gzip", "r.xml.gz")));
    FlakyStore down = new FlakyStore(store, Mode.FAIL_BEFORE_COMMIT);

    assertThatThrownBy(() -> poller(down).pollOnce()).isInstanceOf(ReportStoreException.class);
    assertThat(count("INBOX")).isEqualTo(1);
    assertThat(store.lastReportAt("example.com")).isEmpty();

    assertThat(poller(store).pollOnce()).isEqualTo(new ImapReportPoller.PollResult(1, 1, 0, 1, 0));
    assertThat(count("INBOX")).isZero();
    assertThat(count("dmarc-processed")).isEqualTo(1);
    assertThat(messages()).isEqualTo(11);
  }

  @Test
  void aCrashAfterTheStoreCommittedButBeforeTheMoveDoublesNothing() throws Exception {
    deliver(mixed(attachment(gzip(xml(rep("crash"))), "application/gzip", "r.xml.gz")));
    deliver(mixed(attachment(gzip(xml(rep("after-crash"))), "application/gzip", "r.xml.gz")));
    FlakyStore crashing = new FlakyStore(store, Mode.FAIL_AFTER_COMMIT);

    // the process "dies" right after the first commit: no move happened, the second mail was not
    // reached
    assertThatThrownBy(() -> poller(crashing).pollOnce()).isInstanceOf(ReportStoreException.class);
    assertThat(count("INBOX")).isEqualTo(2);
    assertThat(messages()).isEqualTo(11);

    // after restart: the first mail is read again, recognised as stored, and moved; the second is
    // new
    assertThat(poller(store).pollOnce()).isEqualTo(new ImapReportPoller.PollResult(2, 2, 0, 1, 1));
    assertThat(count("INBOX")).isZero();
    assertThat(count("dmarc-processed")).isEqualTo(2);
    assertThat(messages()).isEqualTo(22);
  }

  @Test
  void serversWithoutMoveGetCopyDeleteAndExpungeWithTheSameGuarantees() throws Exception {
    deliver(mixed(attachment(gzip(xml(rep("copy-1"))), "application/gzip", "r.xml.gz")));
    deliver(message(new MimeMultipart(text("no report here"))));
    deliver(mixed(attachment(gzip(xml(rep("copy-2"))), "application/gzip", "r.xml.gz")));
    FlakyStore crashing = new FlakyStore(store, Mode.FAIL_AFTER_COMMIT);

    assertThatThrownBy(() -> poller(crashing).withoutMove().pollOnce())
        .isInstanceOf(ReportStoreException.class);
    assertThat(count("INBOX")).isEqualTo(3);

    assertThat(poller(store).withoutMove().pollOnce())
        .isEqualTo(new ImapReportPoller.PollResult(3, 2, 1, 1, 1));
    assertThat(count("INBOX")).isZero();
    assertThat(count("dmarc-processed")).isEqualTo(2);
    assertThat(count("dmarc-failed")).isEqualTo(1);
    assertThat(messages()).isEqualTo(22);
  }

  @Test
  void theSameReportMailedTwiceIsStoredOnceAndBothMailsAreFiled() throws Exception {
    byte[] body = gzip(xml(rep("resent")));
    deliver(mixed(attachment(body, "application/gzip", "r.xml.gz")));
    deliver(mixed(attachment(body, "application/gzip", "r.xml.gz")));

    assertThat(poller(store).pollOnce()).isEqualTo(new ImapReportPoller.PollResult(2, 2, 0, 1, 1));
    assertThat(messages()).isEqualTo(11);
    assertThat(count("dmarc-processed")).isEqualTo(2);
  }

  @Test
  void aMessageOverTheSizeLimitIsNotDownloadedAndIsFiledAsFailed() throws Exception {
    deliver(mixed(attachment(xml(rep("huge")), "text/xml", "r.xml")));
    ImapSettings tiny =
        new ImapSettings(
            "127.0.0.1",
            port(),
            false,
            USER,
            "INBOX",
            "dmarc-processed",
            "dmarc-failed",
            200,
            10,
            Duration.ofSeconds(10));

    assertThat(new ImapReportPoller(tiny, () -> PASSWORD, ingestor(store)).pollOnce().failed())
        .isEqualTo(1);
    assertThat(count("dmarc-failed")).isEqualTo(1);
    assertThat(store.lastReportAt("example.com")).isEmpty();
  }

  @Test
  void aBacklogIsWorkedOffOverSeveralPolls() throws Exception {
    for (int i = 0; i < 5; i++) {
      deliver(singlePart(xml(rep("backlog-" + i)), "text/xml"));
    }
    ImapSettings two =
        new ImapSettings(
            "127.0.0.1",
            port(),
            false,
            USER,
            "INBOX",
            "dmarc-processed",
            "dmarc-failed",
            1 << 20,
            2,
            Duration.ofSeconds(10));
    ImapReportPoller poller = new ImapReportPoller(two, () -> PASSWORD, ingestor(store));

    assertThat(poller.pollOnce().newReports()).isEqualTo(2);
    assertThat(count("INBOX")).isEqualTo(3);
    assertThat(poller.pollOnce().newReports()).isEqualTo(2);
    assertThat(poller.pollOnce().newReports()).isEqualTo(1);
    assertThat(poller.pollOnce().messages()).isZero();
    assertThat(messages()).isEqualTo(55);
  }

  @Test
  void aWrongPasswordChangesNothingAndIsNotEchoed() throws Exception {
    deliver(singlePart(xml(rep("pw")), "text/xml"));
    ImapReportPoller wrong =
        new ImapReportPoller(
            ImapSettings.of("127.0.0.1", port(), false, USER),
            () -> "guessed-password-42",
            ingestor(store));

    assertThatThrownBy(wrong::pollOnce)
        .isInstanceOf(MessagingException.class)
        .satisfies(
            e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("guessed-password-42"));
    assertThat(count("INBOX")).isEqualTo(1);
  }

  // --- helpers

  private AggregateReport rep(String id) {
    return report(
        "receiver.example", id, "example.com", DAY, pass("192.0.2.1", 10), fail("198.51.100.2", 1));
  }

  private long messages() {
    return store.dailyPassRates("example.com", NOW.minus(Duration.ofDays(7)), NOW).stream()
        .mapToLong(DailyPassRate::messages)
        .sum();
  }

  private ImapReportPoller poller(ReportStore s) {
    return new ImapReportPoller(
        ImapSettings.of("127.0.0.1", port(), false, USER), () -> PASSWORD, ingestor(s));
  }

  private static ReportIngestor ingestor(ReportStore s) {
    return new ReportIngestor(
        s,
        null,
        ParserLimits.DEFAULTS,
        Set.of("example.com")::contains,
        Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofDays(400));
  }

  private int count(String folder) throws MessagingException {
    try (Store s = session.getStore("imap")) {
      s.connect("127.0.0.1", port(), USER, PASSWORD);
      Folder f = s.getFolder(folder);
      if (!f.exists()) {
        return 0;
      }
      f.open(Folder.READ_ONLY);
      try {
        int n = 0;
        for (Message m : f.getMessages()) {
          if (!m.isSet(jakarta.mail.Flags.Flag.DELETED)) {
            n++;
          }
        }
        return n;
      } finally {
        f.close(false);
      }
    }
  }

  private void deliver(MimeMultipart content) throws MessagingException {
    deliver(message(content));
  }

  private void deliver(MimeMessage m) throws MessagingException {
    m.saveChanges();
    deliverToInbox(m);
  }

  private MimeMessage message(MimeMultipart content) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("noreply-dmarc@receiver.example"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress("dmarc@example.com"));
    m.setSubject("Report Domain: example.com Submitter: receiver.example");
    m.setContent(content);
    return m;
  }

  private MimeMessage singlePart(byte[] body, String type) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("noreply-dmarc@receiver.example"));
    m.setSubject("Report Domain: example.com");
    m.setDataHandler(new DataHandler(new ByteArrayDataSource(body, type)));
    return m;
  }

  private static MimeMultipart mixed(MimeBodyPart attachment) throws MessagingException {
    return new MimeMultipart(text("This is a DMARC aggregate report."), attachment);
  }

  private static MimeBodyPart text(String s) throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setText(s, "UTF-8");
    return p;
  }

  private static MimeBodyPart html() throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setContent("<p>report attached</p>", "text/html; charset=UTF-8");
    return p;
  }

  private static MimeBodyPart wrap(MimeMultipart multipart) throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setContent(multipart);
    return p;
  }

  private static MimeBodyPart attachment(byte[] data, String type, String name)
      throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setDataHandler(new DataHandler(new ByteArrayDataSource(data, type)));
    p.setFileName(name);
    p.setDisposition(MimeBodyPart.ATTACHMENT);
    return p;
  }

  enum Mode {
    FAIL_BEFORE_COMMIT,
    FAIL_AFTER_COMMIT
  }

  /**
   * The real store with one failure injected: before its commit (outage) or right after it (process
   * crash).
   */
  static final class FlakyStore extends ForwardingReportStore {
    private final Mode mode;
    private final AtomicInteger calls = new AtomicInteger();

    FlakyStore(ReportStore real, Mode mode) {
      super(real);
      this.mode = mode;
    }

    @Override
    public StoreResult store(AggregateReport report, String source) {
      if (calls.incrementAndGet() == 1) {
        if (mode == Mode.FAIL_AFTER_COMMIT) {
          real.store(report, source);
        }
        throw new ReportStoreException("injected failure (" + mode + ")", null);
      }
      return real.store(report, source);
    }

    /** The shared store outlives this wrapper: the test closes it. */
    @Override
    public void close() {}
  }
}
