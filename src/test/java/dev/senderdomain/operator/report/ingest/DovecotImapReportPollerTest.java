package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.testsupport.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

/**
 * The same poller contract against Dovecot from Debian (.ci/services/dovecot.sh), a real IMAP
 * server as receivers' mailboxes run it: Maildir storage, MOVE, UIDPLUS. Mail is put in with IMAP
 * APPEND.
 */
class DovecotImapReportPollerTest extends ImapPollerContract {
  DovecotServer dovecot;

  @Override
  void startServer() throws Exception {
    dovecot = DovecotServer.start(USER, PASSWORD);
  }

  @Override
  void stopServer() throws Exception {
    if (dovecot != null) {
      dovecot.close();
    }
  }

  @Override
  int port() {
    return dovecot.port();
  }

  @Override
  void deliverToInbox(MimeMessage m) throws MessagingException {
    try (Store s = session.getStore("imap")) {
      s.connect("127.0.0.1", port(), USER, PASSWORD);
      Folder inbox = s.getFolder("INBOX");
      inbox.appendMessages(new Message[] {m});
    }
  }
}
