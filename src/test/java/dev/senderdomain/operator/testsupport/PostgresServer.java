package dev.senderdomain.operator.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian package) for one test class: initdb into a fresh directory under /tmp,
 * postgres on 127.0.0.1 with a free port and its own socket directory, a database and user {@code
 * sdo} with a password, and {@code pg_ctl stop} on close. The package's own cluster and service are
 * never used. Run as root, the server runs as the {@code postgres} user (postgres refuses to run as
 * root). {@code .ci/services/postgresql.sh} installs it.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "sdo";
  public static final String PASSWORD = "sdo-test-password";
  private static final String SUPERUSER_PASSWORD = "postgres-test-password";

  private final Path dir;
  private final Path bin;
  private final int port;
  private final boolean asPostgresUser;
  private final Process process;

  private PostgresServer(Path dir, Path bin, int port, boolean asPostgresUser, Process process) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    this.process = process;
  }

  /** True when the PostgreSQL server binaries are installed. */
  public static boolean installed() {
    return binDir() != null;
  }

  public static PostgresServer start() throws IOException, InterruptedException, SQLException {
    Path bin = binDir();
    if (bin == null) {
      throw new IllegalStateException(
          "PostgreSQL is not installed: run .ci/services/postgresql.sh");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("sdo-pg-");
    Path data = dir.resolve("data");
    Path sockets = Files.createDirectories(dir.resolve("sock"));
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n");
    if (root) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.toList()) {
          Files.setOwner(p, users.lookupPrincipalByName("postgres"));
        }
      }
    }
    run(
        root,
        Duration.ofSeconds(120),
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "--pwfile=" + pwfile,
        "--auth=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync");
    int port = freePort();
    Path log = dir.resolve("postgres.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                command(
                    root,
                    bin.resolve("postgres").toString(),
                    "-D",
                    data.toString(),
                    "-k",
                    sockets.toString(),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-c",
                    "fsync=off"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    PostgresServer server = new PostgresServer(dir, bin, port, root, pb.start());
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      try (Connection c =
              DriverManager.getConnection(
                  server.jdbcUrl("postgres") + "&user=postgres", "postgres", SUPERUSER_PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        s.execute("CREATE DATABASE sdo OWNER " + USER);
        return server;
      } catch (SQLException e) {
        if (!server.process.isAlive() || Instant.now().isAfter(deadline)) {
          String out = Files.exists(log) ? Files.readString(log) : "";
          server.close();
          throw new IllegalStateException("postgres did not start: " + out, e);
        }
        Thread.sleep(200);
      }
    }
  }

  public int port() {
    return port;
  }

  /**
   * The URL for ReportStores.open: database and user {@code sdo}, password {@link #PASSWORD} given
   * separately.
   */
  public String url() {
    return jdbcUrl("sdo") + "&user=" + USER;
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=5";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (process.isAlive()) {
        run(
            asPostgresUser,
            Duration.ofSeconds(60),
            bin.resolve("pg_ctl").toString(),
            "stop",
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "fast",
            "-w");
      }
    } finally {
      process.destroy();
      process.waitFor();
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Path binDir() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(
              b ->
                  Files.isExecutable(b.resolve("postgres"))
                      && Files.isExecutable(b.resolve("initdb")))
          .max(
              Comparator.comparing(
                  b ->
                      Integer.parseInt(
                          b.getParent().getFileName().toString().replaceAll("[^0-9]", "0"))))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> command(boolean asPostgres, String... args) {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void run(boolean asPostgres, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(asPostgres, args)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
