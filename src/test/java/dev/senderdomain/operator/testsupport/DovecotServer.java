package dev.senderdomain.operator.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Dovecot IMAP server (Debian package dovecot-imapd, installed by .ci/services/dovecot.sh)
 * for one test: {@code dovecot -F} with its own config, base and state directories under /tmp,
 * plain IMAP on 127.0.0.1 and a free port, one user with a password from a passwd-file, Maildir
 * storage owned by the {@code mail} user (Dovecot will not run mail processes as root). The
 * packaged service is not used.
 */
public final class DovecotServer implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/dovecot");
  private static final int MAIL_UID = 8; // Debian's "mail" user

  private final Path dir;
  private final Process process;
  private final int port;

  private DovecotServer(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  public static DovecotServer start(String user, String password)
      throws IOException, InterruptedException {
    if (!installed()) {
      throw new IllegalStateException("Dovecot is not installed: run .ci/services/dovecot.sh");
    }
    Path dir = Files.createTempDirectory("sdo-dovecot-");
    Path mail = Files.createDirectories(dir.resolve("mail"));
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("state"));
    dir.toFile().setExecutable(true, false);
    dir.toFile().setReadable(true, false);
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(mail, users.lookupPrincipalByName("mail"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("passwd"), user + ":{PLAIN}" + password + "\n");
    Files.writeString(
        dir.resolve("dovecot.conf"),
        String.join(
            "\n",
            "base_dir = " + dir.resolve("run"),
            "state_dir = " + dir.resolve("state"),
            "log_path = " + dir.resolve("dovecot.log"),
            "protocols = imap",
            "listen = 127.0.0.1",
            "ssl = no",
            "disable_plaintext_auth = no",
            "auth_mechanisms = plain login",
            "first_valid_uid = " + MAIL_UID,
            "last_valid_uid = " + MAIL_UID,
            "mail_location = maildir:" + mail + "/%u",
            "passdb {",
            "  driver = passwd-file",
            "  args = scheme=PLAIN username_format=%u " + dir.resolve("passwd"),
            "}",
            "userdb {",
            "  driver = static",
            "  args = uid=" + MAIL_UID + " gid=" + MAIL_UID + " home=" + mail + "/%u",
            "}",
            "service imap-login {",
            "  chroot =",
            "  inet_listener imap {",
            "    address = 127.0.0.1",
            "    port = " + port,
            "  }",
            "  inet_listener imaps {",
            "    port = 0",
            "  }",
            "}",
            "service anvil {",
            "  chroot =",
            "}",
            ""));
    Process p =
        new ProcessBuilder(BINARY.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    DovecotServer server = new DovecotServer(dir, p, port);
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(5000);
        byte[] greeting = s.getInputStream().readNBytes(4);
        if (new String(greeting).equals("* OK")) {
          return server;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (!p.isAlive() || Instant.now().isAfter(deadline)) {
        String log =
            Files.exists(dir.resolve("dovecot.log"))
                ? Files.readString(dir.resolve("dovecot.log"))
                : "";
        server.close();
        throw new IllegalStateException(
            "dovecot did not start: " + log + Files.readString(dir.resolve("stdout.log")));
      }
      Thread.sleep(100);
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    process.waitFor();
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
