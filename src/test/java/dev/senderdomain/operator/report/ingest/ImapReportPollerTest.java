package dev.senderdomain.operator.report.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.senderdomain.operator.report.ParserLimits;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The poller against GreenMail's IMAP server: in-process, but the real IMAP protocol over TCP on
 * 127.0.0.1.
 */
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

  @Test
  void refusesAnImapsServerWhoseCertificateItCannotVerify() throws Exception {
    GreenMail imaps =
        new GreenMail(ServerSetupTest.IMAPS.dynamicPort()); // GreenMail's self-signed certificate
    imaps.start();
    try {
      imaps.setUser("dmarc@example.com", USER, PASSWORD);
      ImapReportPoller poller =
          new ImapReportPoller(
              ImapSettings.of("127.0.0.1", imaps.getImaps().getPort(), true, USER),
              () -> PASSWORD,
              new ReportIngestor(
                  store, null, ParserLimits.DEFAULTS, Set.of("example.com")::contains));
      assertThatThrownBy(poller::pollOnce)
          .isInstanceOf(MessagingException.class)
          .satisfies(
              e ->
                  assertThat(e)
                      .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class));
    } finally {
      imaps.stop();
    }
  }
}
