package dev.senderdomain.operator.mta;

import dev.senderdomain.operator.testsupport.SecretVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's OpenDKIM ({@code opendkim -f}) for one key type with docs/dkim.md's configuration for
 * it, the key Secret mounted at /etc/dkim/keys, running as root (keys mode 0600).
 */
final class OpenDkimMilter implements AutoCloseable {
  private final Daemon daemon;
  private final int port;

  private OpenDkimMilter(Daemon daemon, int port) {
    this.daemon = daemon;
    this.port = port;
  }

  /**
   * @param keyType {@code rsa} (docs: port 8891) or {@code ed25519} (docs: port 8892)
   */
  static OpenDkimMilter start(String keyType, SecretVolume keys, Path dir) throws IOException {
    int port = MailServerBinaries.freePort();
    String docsSocket = "inet:" + (keyType.equals("rsa") ? 8891 : 8892) + "@localhost";
    String conf =
        DocsConfig.replace(
            DocsConfig.block("# /etc/opendkim-" + keyType + ".conf"),
            docsSocket,
            "inet:" + port + "@127.0.0.1");
    Path file = Files.writeString(dir.resolve("opendkim-" + keyType + ".conf"), conf);
    Daemon d =
        Daemon.start(
            "opendkim-" + keyType,
            keys.mountedAtKeyDirectory(
                List.of(MailServerBinaries.OPENDKIM.toString(), "-f", "-x", file.toString())),
            dir);
    d.awaitListening(port, Duration.ofSeconds(30));
    return new OpenDkimMilter(d, port);
  }

  int port() {
    return port;
  }

  /**
   * What docs/dkim.md says to do when active-selector-* changes: SIGUSR1 makes OpenDKIM re-read its
   * configuration and tables before the next message.
   */
  void reload() {
    daemon.signal("USR1");
  }

  String tail() {
    return daemon.tail();
  }

  @Override
  public void close() {
    daemon.close();
  }
}
