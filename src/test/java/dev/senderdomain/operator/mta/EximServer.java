package dev.senderdomain.operator.mta;

import dev.senderdomain.operator.testsupport.SecretVolume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;

/**
 * Debian's Exim 4 daemon ({@code exim4 -bdf}, exim4-daemon-light) with its own configuration:
 * accepts from 127.0.0.1 on a free port and routes everything to the sink through the smtp
 * transport of docs/dkim.md. Deliveries run as {@code Debian-exim}, so the key Secret is mounted as
 * with {@code fsGroup: Debian-exim}.
 */
final class EximServer implements AutoCloseable {
  static final String USER = "Debian-exim";

  private final Daemon daemon;
  private final Path mainLog;
  private final int port;

  private EximServer(Daemon daemon, Path mainLog, int port) {
    this.daemon = daemon;
    this.mainLog = mainLog;
    this.port = port;
  }

  static EximServer start(SecretVolume keys, Path dir, int sinkPort) throws IOException {
    int port = MailServerBinaries.freePort();
    Path exim = MailServerBinaries.EXIM;
    UserPrincipal user =
        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
    Path spool = Files.createDirectories(dir.resolve("exim/spool"));
    Path logs = Files.createDirectories(dir.resolve("exim/log"));
    Files.setOwner(spool, user);
    Files.setOwner(logs, user);
    String transport =
        DocsConfig.replace(
            DocsConfig.block("# Exim: the smtp transport that delivers out"),
            "  driver = smtp\n",
            "  driver = smtp\n  port = " + sinkPort + "\n  hosts_avoid_tls = *\n");
    Path conf = dir.resolve("exim/exim.conf");
    Files.writeString(
        conf,
        String.join(
                "\n",
                "exim_path = " + exim,
                "primary_hostname = exim.mta.test",
                "spool_directory = " + spool,
                "log_file_path = " + logs + "/%slog",
                "pid_file_path = " + dir.resolve("exim/exim.pid"),
                "daemon_smtp_ports = " + port,
                "local_interfaces = 127.0.0.1",
                "host_lookup =",
                "rfc1413_hosts =",
                "tls_advertise_hosts =",
                "keep_environment =",
                "acl_smtp_rcpt = acl_check_rcpt",
                "begin acl",
                "acl_check_rcpt:",
                "  accept hosts = 127.0.0.1",
                "  deny",
                "begin routers",
                "sink:",
                "  driver = manualroute",
                "  route_list = * 127.0.0.1",
                "  transport = remote_smtp",
                "  self = send",
                "begin transports",
                "")
            + transport);
    Daemon d =
        Daemon.start(
            "exim",
            keys.mountedAtKeyDirectory(List.of(exim.toString(), "-C", conf.toString(), "-bdf")),
            dir);
    EximServer server = new EximServer(d, logs.resolve("mainlog"), port);
    try {
      d.awaitListening(port, Duration.ofSeconds(30));
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
    String main;
    try {
      main = Files.exists(mainLog) ? Files.readString(mainLog, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      main = e.toString();
    }
    return daemon.tail() + "\nexim mainlog:\n" + main;
  }

  @Override
  public void close() {
    daemon.close();
  }
}
