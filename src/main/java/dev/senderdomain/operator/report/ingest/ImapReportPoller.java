package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.report.ReportParseException;
import dev.senderdomain.operator.report.store.ReportStoreException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads DMARC aggregate reports from an IMAP mailbox (the {@code rua} address). Each poll connects,
 * walks the inbox, and for every message: finds the report attachments, parses and stores each, and
 * only after the store has committed moves the message to the processed folder. A crash (or a store
 * outage) between fetch and move leaves the message in the inbox, and the re-read after restart is
 * harmless because the store keeps one copy per (org_name, report_id). Mail without a usable report
 * goes to the failed folder, the reason logged; nothing is deleted. Folders are created when
 * missing. MOVE (RFC 6851) is used when the server has it, else COPY, \Deleted and EXPUNGE.
 */
public final class ImapReportPoller {
  private static final Logger LOG = LoggerFactory.getLogger(ImapReportPoller.class);

  private final ImapSettings settings;
  private final Supplier<String> password;
  private final ReportIngestor ingestor;
  private final boolean useMove;

  /** Counts from one poll. {@code reports} counts reports, the others messages. */
  public record PollResult(
      int messages, int processed, int failed, int newReports, int duplicateReports) {}

  /**
   * @param password read at each connect, so a rotated Secret takes effect; never logged
   */
  public ImapReportPoller(
      ImapSettings settings, Supplier<String> password, ReportIngestor ingestor) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.password = Objects.requireNonNull(password, "password");
    this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
    this.useMove = true;
  }

  private ImapReportPoller(ImapReportPoller p, boolean useMove) {
    this.settings = p.settings;
    this.password = p.password;
    this.ingestor = p.ingestor;
    this.useMove = useMove;
  }

  /**
   * The same poller using COPY + \Deleted + EXPUNGE even when the server has MOVE (servers without
   * it).
   */
  ImapReportPoller withoutMove() {
    return new ImapReportPoller(this, false);
  }

  /**
   * One pass over the inbox.
   *
   * @throws MessagingException when the server cannot be reached or logged in to (nothing was
   *     changed)
   * @throws ReportStoreException when the store fails; the message being handled stays in the inbox
   */
  public PollResult pollOnce() throws MessagingException {
    Session session = Session.getInstance(properties());
    String protocol = settings.tls() ? "imaps" : "imap";
    try (Store store = session.getStore(protocol)) {
      store.connect(settings.host(), settings.port(), settings.user(), password.get());
      Folder processed = ImapFiling.ensureFolder(store, settings.processedFolder());
      Folder failed = ImapFiling.ensureFolder(store, settings.failedFolder());
      Folder inbox = store.getFolder(settings.folder());
      inbox.open(Folder.READ_WRITE);
      boolean canMove = useMove && ((IMAPStore) store).hasCapability("MOVE");
      int messages = 0;
      int done = 0;
      int bad = 0;
      int fresh = 0;
      int dup = 0;
      boolean expunge = false;
      try {
        // only this poll's share: a backlog of 100,000 mails is worked off over several polls
        int count = inbox.getMessageCount();
        Message[] all =
            count == 0
                ? new Message[0]
                : inbox.getMessages(1, Math.min(count, settings.maxMessagesPerPoll()));
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.SIZE);
        profile.add(FetchProfile.Item.FLAGS);
        inbox.fetch(all, profile);
        for (Message m : all) {
          if (messages >= settings.maxMessagesPerPoll()) {
            break;
          }
          if (m.isSet(Flags.Flag.DELETED)) {
            continue;
          }
          messages++;
          Handled h = handle(m);
          fresh += h.newReports;
          dup += h.duplicates;
          Folder target = h.failure == null ? processed : failed;
          if (h.failure == null) {
            done++;
          } else {
            bad++;
            LOG.warn(
                "DMARC report mail {} moved to {}: {}",
                describe(m),
                settings.failedFolder(),
                h.failure);
          }
          expunge |= ImapFiling.move(inbox, m, target, canMove);
        }
      } finally {
        inbox.close(expunge);
      }
      return new PollResult(messages, done, bad, fresh, dup);
    }
  }

  private record Handled(int newReports, int duplicates, String failure) {}

  /**
   * Parses and stores every report in the message. Store errors propagate: the message must stay.
   */
  private Handled handle(Message m) throws MessagingException {
    int size = m.getSize();
    if (size > settings.maxMessageBytes()) {
      return new Handled(
          0, 0, "message is " + size + " bytes, over the limit of " + settings.maxMessageBytes());
    }
    List<Part> parts;
    try {
      // The whole message (BODY[], capped above) is parsed locally instead of fetching parts by
      // their
      // BODYSTRUCTURE numbers: servers disagree on the parts of a forwarded message/rfc822
      // (GreenMail serves them
      // empty), while the raw message is unambiguous.
      parts = MailAttachments.find(new MimeMessage((MimeMessage) m));
    } catch (IOException | MessagingException e) {
      requireConnected(m, e);
      return new Handled(
          0,
          0,
          "MIME structure unreadable: "
              + ReportParseException.quote(String.valueOf(e.getMessage())));
    }
    if (parts.isEmpty()) {
      return new Handled(0, 0, "no report attachment (gzip, zip or XML)");
    }
    int fresh = 0;
    int dup = 0;
    List<String> reasons = new ArrayList<>();
    String source = "imap:" + settings.user() + "@" + settings.host();
    for (Part part : parts) {
      ReportIngestor.Outcome outcome;
      try (InputStream in = part.getInputStream()) {
        outcome = ingestor.ingest(in, source);
      } catch (IOException | MessagingException e) {
        requireConnected(m, e);
        reasons.add(
            MailAttachments.name(part)
                + ": "
                + ReportParseException.quote(String.valueOf(e.getMessage())));
        continue;
      }
      if (outcome.stored() && !outcome.skipped().isEmpty()) {
        LOG.warn(
            "DMARC report {} from {} stored without {} bad records: {}",
            ReportParseException.quote(outcome.reportId()),
            ReportParseException.quote(outcome.orgName()),
            outcome.skipped().count(),
            outcome.skipped().reasons().get(0));
      }
      switch (outcome.status()) {
        case NEW -> fresh++;
        case DUPLICATE -> dup++;
        default ->
            reasons.add(
                ReportParseException.quote(MailAttachments.name(part)) + ": " + outcome.reason());
      }
    }
    if (fresh + dup == 0) {
      return new Handled(0, 0, String.join("; ", reasons));
    }
    if (!reasons.isEmpty()) {
      LOG.warn(
          "DMARC report mail {}: reports stored, but some attachments were not: {}",
          describe(m),
          String.join("; ", reasons));
    }
    return new Handled(fresh, dup, null);
  }

  /**
   * A lost connection is not the message's fault: let it propagate so the message stays where it
   * is.
   */
  private static void requireConnected(Message m, Exception e) throws MessagingException {
    Folder f = m.getFolder();
    if (f == null || !f.isOpen() || !f.getStore().isConnected()) {
      throw e instanceof MessagingException me ? me : new MessagingException("connection lost", e);
    }
  }

  private static String describe(Message m) {
    try {
      String[] id = m.getHeader("Message-ID");
      return "#"
          + m.getMessageNumber()
          + (id == null ? "" : " " + ReportParseException.quote(id[0]));
    } catch (MessagingException e) {
      return "#" + m.getMessageNumber();
    }
  }

  private Properties properties() {
    String p = settings.tls() ? "mail.imaps." : "mail.imap.";
    long ms = settings.timeout().toMillis();
    Properties props = new Properties();
    props.setProperty(p + "connectiontimeout", Long.toString(ms));
    props.setProperty(p + "timeout", Long.toString(ms));
    props.setProperty(p + "writetimeout", Long.toString(ms));
    if (settings.tls()) {
      props.setProperty("mail.imaps.ssl.checkserveridentity", "true");
    }
    return props;
  }
}
