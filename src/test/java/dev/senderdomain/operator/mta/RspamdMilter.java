package dev.senderdomain.operator.mta;

import dev.senderdomain.operator.testsupport.SecretVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;

/**
 * Debian's rspamd with Debian's own configuration (/etc/rspamd) and docs/dkim.md's {@code
 * local.d/dkim_signing.conf}, its workers running as {@code _rspamd} (not root), the key Secret
 * mounted at /etc/dkim/keys as with {@code fsGroup: _rspamd}. Only the proxy worker runs, as a
 * milter on 127.0.0.1 and a free port, scanning itself; rspamd's own DNS client asks the test's
 * BIND, and fuzzy_check (which resolves public servers at start) is off, so nothing leaves the
 * machine.
 */
final class RspamdMilter implements AutoCloseable {
  static final String USER = "_rspamd";
  private static final String WORKER_STARTED = "starting rspamd_proxy process";

  private final Daemon daemon;
  private final int port;

  private RspamdMilter(Daemon daemon, int port) {
    this.daemon = daemon;
    this.port = port;
  }

  static RspamdMilter start(SecretVolume keys, Path dir, int dnsPort) throws IOException {
    int port = MailServerBinaries.freePort();
    Path local = Files.createDirectories(dir.resolve("rspamd/etc"));
    Files.createDirectories(local.resolve("local.d"));
    Path override = Files.createDirectories(local.resolve("override.d"));
    UserPrincipal user =
        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
    Path db = Files.createDirectories(dir.resolve("rspamd/db"));
    Path run = Files.createDirectories(dir.resolve("rspamd/run"));
    Path log = Files.createDirectories(dir.resolve("rspamd/log"));
    for (Path p : List.of(db, run, log)) {
      Files.setOwner(p, user);
    }
    Files.writeString(
        local.resolve("local.d/dkim_signing.conf"),
        DocsConfig.block("# /etc/rspamd/local.d/dkim_signing.conf"));
    Files.writeString(
        override.resolve("worker-proxy.inc"),
        String.join(
            "\n",
            "bind_socket = \"127.0.0.1:" + port + "\";",
            "milter = yes;",
            "timeout = 120s;",
            "upstream \"local\" { default = yes; self_scan = yes; }",
            "count = 1;",
            ""));
    Files.writeString(override.resolve("worker-normal.inc"), "enabled = false;\n");
    Files.writeString(override.resolve("worker-controller.inc"), "enabled = false;\n");
    Files.writeString(override.resolve("fuzzy_check.conf"), "enabled = false;\n");
    Files.writeString(
        override.resolve("options.inc"),
        String.join(
            "\n",
            "pidfile = \"" + run.resolve("rspamd.pid") + "\";",
            "hs_cache_dir = \"" + hsCache() + "/\";",
            "dns { nameserver = [\"127.0.0.1:" + dnsPort + "\"]; timeout = 1s; retransmits = 1; }",
            ""));
    Files.writeString(override.resolve("logging.inc"), "type = \"console\";\nlevel = \"info\";\n");
    Daemon d =
        Daemon.start(
            "rspamd",
            keys.mountedAtKeyDirectory(
                List.of(
                    MailServerBinaries.RSPAMD.toString(),
                    "-f",
                    "-u",
                    USER,
                    "-g",
                    USER,
                    "--var=LOCAL_CONFDIR=" + local,
                    "--var=DBDIR=" + db,
                    "--var=RUNDIR=" + run,
                    "--var=LOGDIR=" + log)),
            dir);
    RspamdMilter milter = new RspamdMilter(d, port);
    try {
      d.awaitListening(port, Duration.ofSeconds(180));
      d.awaitLog(WORKER_STARTED, 1, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      milter.close();
      throw e;
    }
    return milter;
  }

  /**
   * Compiled Hyperscan databases (rspamd's URL matcher takes half a minute to build its TLD one on
   * a loaded 2-core machine), shared by the ring's rspamd runs: rspamd checks each against its
   * source and rebuilds what does not match.
   */
  private static Path hsCache() throws IOException {
    Path cache =
        Files.createDirectories(
            Path.of(System.getProperty("java.io.tmpdir"), "sdo-rspamd-hs-cache"));
    Files.setOwner(
        cache, cache.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
    return cache;
  }

  int port() {
    return port;
  }

  /**
   * What docs/dkim.md says to do when active-selector-* changes: SIGHUP makes rspamd re-read its
   * configuration (with the Secret's fragment) and replace its workers. Returns once the new proxy
   * worker runs.
   */
  void reload() {
    int started = daemon.count(WORKER_STARTED);
    daemon.signal("HUP");
    daemon.awaitLog(WORKER_STARTED, started + 1, Duration.ofSeconds(120));
  }

  String tail() {
    return daemon.tail();
  }

  @Override
  public void close() {
    daemon.close();
  }
}
