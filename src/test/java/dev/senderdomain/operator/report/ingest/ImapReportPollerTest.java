package dev.senderdomain.operator.report.ingest;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;

/** The poller against GreenMail's IMAP server: in-process, but the real IMAP protocol over TCP on 127.0.0.1. */
class ImapReportPollerTest extends ImapPollerContract {
  GreenMail greenMail;
  GreenMailUser mailbox;

  @Override
  void startServer() {
    greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
    mailbox = greenMail.setUser("dmarc@example.com", USER, PASSWORD);
  }

  @Override
  void stopServer() {
    greenMail.stop();
  }

  @Override
  int port() {
    return greenMail.getImap().getPort();
  }

  @Override
  void deliverToInbox(MimeMessage m) {
    mailbox.deliver(m);
  }
}
