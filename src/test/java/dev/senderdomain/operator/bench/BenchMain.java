package dev.senderdomain.operator.bench;

import static dev.senderdomain.operator.bench.BenchTable.f;

import dev.senderdomain.operator.dkim.DkimAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark ({@code scripts/bench.sh [--quick]} or {@code ./mvnw -B -o -Pbench verify}): every
 * figure it prints is measured in this run, and every comparison is a ratio against a reference
 * measured in this run too. Targets are printed, never asserted: the machines are shared, so the
 * table is for people, not for a CI gate.
 *
 * <p>Options: {@code --quick} (tiny sizes, seconds: shows it still runs), {@code --only=1,2,3,5,6},
 * {@code --domains=N} (scale run, Ed25519; default 10,000, the size the scale targets are set for),
 * {@code --rsa-domains=N} (scale run with RSA-2048, default 1,000; together about 15-20 minutes on
 * 2 cores; {@code --domains=3000 --rsa-domains=200} for a shorter run), {@code --threads=N}
 * (reconcile threads, default 16 as {@code run}), {@code --startup-domains=N} (default 1,000),
 * {@code --out=FILE} (Markdown table, default target/bench-result.md).
 */
public final class BenchMain {
  // Held so the JUL level is not lost when the logger would otherwise be collected.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8");

  private BenchMain() {}

  /**
   * Warnings only: the table must stay readable, and the mock API's per-request INFO lines (not
   * part of the product) would cost more than the requests. The operator process of section 6 logs
   * as in production (INFO).
   */
  static void quietLogs() {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  /**
   * Runs the benchmark; 0 when every section ran (whether or not targets were met), 1 when one
   * failed.
   */
  public static int run(String... args) throws IOException {
    quietLogs();
    boolean quick = has(args, "--quick");
    Set<String> only = new HashSet<>(Arrays.asList(opt(args, "--only", "1,2,3,5,6").split(",")));
    int domains = Integer.parseInt(opt(args, "--domains", quick ? "40" : "10000"));
    int rsaDomains = Integer.parseInt(opt(args, "--rsa-domains", quick ? "4" : "1000"));
    int threads = Integer.parseInt(opt(args, "--threads", "16"));
    int startupDomains = Integer.parseInt(opt(args, "--startup-domains", quick ? "20" : "1000"));
    Path out = Path.of(opt(args, "--out", "target/bench-result.md"));
    BenchTable table = new BenchTable();
    long start = System.nanoTime();
    String machine = Machine.describe();
    System.out.println(
        "senderdomain-operator benchmark"
            + (quick ? " (--quick: sizes too small to mean " + "anything)" : "")
            + ", "
            + Instant.now()
            + "\n"
            + machine);
    boolean failed = false;
    if (only.contains("1")) {
      failed |= section(table, "1", () -> new KeygenBench(table, quick).run());
    }
    if (only.contains("5")) {
      failed |= section(table, "5", () -> new ParseBench(table, quick).run());
    }
    if (only.contains("2")) {
      failed |= section(table, "2", () -> new DnsPushBench(table, quick).run());
    }
    if (only.contains("3")) {
      ScaleBench scale = new ScaleBench(table, threads);
      failed |=
          section(
              table,
              "3",
              () ->
                  scale.run(
                      "3",
                      DkimAlgorithm.ED25519,
                      domains,
                      true,
                      Duration.ofMinutes(quick ? 2 : 30)));
      failed |=
          section(
              table,
              "3",
              () ->
                  scale.run(
                      "3",
                      DkimAlgorithm.RSA_2048,
                      rsaDomains,
                      false,
                      Duration.ofMinutes(quick ? 2 : 10)));
    }
    if (only.contains("6")) {
      failed |=
          section(
              table,
              "6",
              () -> new StartupBench(table).run(startupDomains, Duration.ofMinutes(quick ? 2 : 5)));
    }
    double total = (System.nanoTime() - start) / 1e9;
    String md =
        "Measured "
            + Instant.now()
            + f(" in %.0f s", total)
            + (quick ? " (--quick)" : "")
            + ", "
            + "reconcile threads "
            + threads
            + ".\n\n"
            + machine.replaceAll("(?m)^", "    ")
            + "\n\n"
            + table.markdown();
    System.out.println();
    System.out.println(md);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md);
    System.out.println("(written to " + out + ")");
    return failed ? 1 : 0;
  }

  interface Section {
    void run() throws Exception;
  }

  private static boolean section(BenchTable table, String name, Section s) {
    System.out.println("== section " + name);
    long t = System.nanoTime();
    try {
      s.run();
      System.out.printf("== section %s took %.0f s%n", name, (System.nanoTime() - t) / 1e9);
      return false;
    } catch (Exception | AssertionError e) {
      // Where it broke goes to stderr; stdout keeps the table.
      System.err.println("section " + name + " failed: " + e);
      java.util.Arrays.stream(e.getStackTrace())
          .limit(20)
          .forEach(f -> System.err.println("\tat " + f));
      table.note(name, "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
      return true;
    }
  }

  private static boolean has(String[] args, String flag) {
    return List.of(args).contains(flag);
  }

  private static String opt(String[] args, String name, String dflt) {
    for (String a : args) {
      if (a.startsWith(name + "=")) {
        return a.substring(name.length() + 1);
      }
    }
    return dflt;
  }
}
