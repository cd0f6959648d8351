package dev.senderdomain.operator.mta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;

/**
 * Debian's Postfix ({@code postfix start-fg}) with its own configuration, queue and data
 * directories: one smtpd on 127.0.0.1 and a free port, relaying everything to the sink, with the
 * milter lines of docs/dkim.md. Postfix itself reads no key: it signs through the milters.
 */
final class PostfixServer implements AutoCloseable {
  private final Daemon daemon;
  private final Path config;
  private final int port;

  private PostfixServer(Daemon daemon, Path config, int port) {
    this.daemon = daemon;
    this.config = config;
    this.port = port;
  }

  /**
   * @param miltersFromDocs the main.cf lines of docs/dkim.md, its milter ports replaced
   */
  static PostfixServer start(Path dir, int sinkPort, String miltersFromDocs) throws IOException {
    int port = MailServerBinaries.freePort();
    // The queue must not be inside the configuration directory (postfix check walks both).
    Path config = Files.createDirectories(dir.resolve("postfix"));
    Path queue = Files.createDirectories(dir.resolve("postfix-spool/queue"));
    Path data = Files.createDirectories(dir.resolve("postfix-spool/data"));
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(data, users.lookupPrincipalByName("postfix"));
    Files.writeString(
        config.resolve("main.cf"),
        String.join(
                "\n",
                "compatibility_level = 3.6",
                "queue_directory = " + queue,
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = postfix.mta.test",
                "mydestination =",
                "mynetworks = 127.0.0.0/8",
                "relayhost = [127.0.0.1]:" + sinkPort,
                "alias_maps =",
                "alias_database =",
                "smtputf8_enable = no",
                "maillog_file = /dev/stdout",
                "")
            + miltersFromDocs);
    String chrootless = "  unix  -       -       n       -       -       ";
    Files.writeString(
        config.resolve("master.cf"),
        String.join(
            "\n",
            "127.0.0.1:" + port + " inet n - n - - smtpd",
            "pickup unix n - n 60 1 pickup",
            "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr",
            "rewrite" + chrootless + "trivial-rewrite",
            "bounce" + chrootless + "bounce",
            "defer" + chrootless + "bounce",
            "trace" + chrootless + "bounce",
            "verify" + chrootless + "verify",
            "proxymap" + chrootless + "proxymap",
            "smtp" + chrootless + "smtp",
            "relay" + chrootless + "smtp",
            "error" + chrootless + "error",
            "retry" + chrootless + "error",
            "discard" + chrootless + "discard",
            "anvil" + chrootless + "anvil",
            "scache" + chrootless + "scache",
            "postlog unix-dgram n - n - 1 postlogd",
            ""));
    Daemon d =
        Daemon.start(
            "postfix",
            List.of(MailServerBinaries.POSTFIX.toString(), "-c", config.toString(), "start-fg"),
            dir);
    PostfixServer server = new PostfixServer(d, config, port);
    try {
      d.awaitListening(port, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  int port() {
    return port;
  }

  String tail() {
    return daemon.tail();
  }

  @Override
  public void close() {
    try {
      new ProcessBuilder(MailServerBinaries.POSTFIX.toString(), "-c", config.toString(), "stop")
          .redirectErrorStream(true)
          .redirectOutput(config.resolve("stop.log").toFile())
          .start()
          .waitFor();
    } catch (IOException e) {
      // closed below by signal
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    daemon.awaitExit(Duration.ofSeconds(20));
    daemon.close();
  }
}
