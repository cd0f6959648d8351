package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.PolicyPublished;
import dev.senderdomain.operator.report.ReportMetadata;
import dev.senderdomain.operator.report.ReportParseException;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.SyntheticReport;
import dev.senderdomain.operator.testsupport.CorpusFiles;
import dev.senderdomain.operator.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the store holds for the shared corpus, and how long the dashboard's queries take on a real
 * PostgreSQL with a busy domain's quarter (DAYS days x REPORTERS reporters x RECORDS records). Not
 * a test: {@code java -cp target/classes:target/test-classes:<deps>
 * dev.senderdomain.operator.report.store.ReportStoreBenchmark [days] [reporters] [records]}.
 */
public final class ReportStoreBenchmark {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private ReportStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 90;
    int reporters = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int records = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    try (PostgresServer pg = PostgresServer.start()) {
      try (ReportStore store = ReportStores.open(pg.url(), PostgresServer.PASSWORD)) {
        int stored = 0;
        for (Path file : CorpusFiles.reports()) {
          try {
            AggregateReport r = AggregateReportParser.parse(file, ParserLimits.DEFAULTS);
            if (store.store(r, "corpus") == StoreResult.NEW) {
              stored++;
            }
          } catch (ReportParseException e) {
            System.out.println("not a report: " + file + ": " + e.getMessage());
          }
        }
        System.out.println("corpus: " + stored + " reports stored");
        counts(pg);
      }
      try (ReportStore store =
          ReportStores.open(pg.url(), PostgresServer.PASSWORD, Clock.fixed(NOW, ZoneOffset.UTC))) {
        AggregateReport template = SyntheticReport.report(records);
        long t0 = System.nanoTime();
        for (int d = 0; d < days; d++) {
          for (int o = 0; o < reporters; o++) {
            Instant begin = NOW.minus(Duration.ofDays(d + 1));
            ReportMetadata m = template.metadata();
            store.store(
                new AggregateReport(
                    new ReportMetadata(
                        "reporter-" + o + ".example",
                        m.email(),
                        null,
                        "bench-" + d + "-" + o,
                        begin,
                        begin.plusSeconds(86_399),
                        List.of(),
                        "1.0"),
                    template.policy(),
                    template.records()),
                "bench");
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "stored %d reports of %d records in %.1f s (%.0f records/s)%n",
            days * reporters, records, secs, days * reporters * (double) records / secs);
        counts(pg);
        String domain = SyntheticReport.DOMAIN;
        PolicyPublished policy = template.policy();
        String ip = template.records().get(1).sourceIp();
        for (int window : new int[] {7, 30, 90}) {
          Instant since = NOW.minus(Duration.ofDays(window));
          ReportFilter f = ReportFilter.of(domain, since, NOW);
          System.out.println(window + "-day window (" + policy.domain() + "):");
          time(
              "summary (totals + sources)",
              () ->
                  ReportSummaries.summarize(
                      store, domain, Duration.ofDays(window), NOW, SourceClassifier.of(List.of())));
          time("pass rate per day", () -> store.dailyPassRates(domain, since, NOW));
          time("reporters", () -> store.reporters(domain, since, NOW));
          time("DKIM results", () -> store.dkimResults(f));
          time("SPF results", () -> store.spfResults(f));
          time("From/envelope pairs", () -> store.identifiers(f));
          time("a source's records (500)", () -> store.records(f.withSourceIp(ip), 500));
          time(
              "a reporter's reports",
              () -> store.reports(f.withOrgName("reporter-0.example"), 1000));
          time(
              "one report's records (500)",
              () -> store.records(f.withReport("reporter-0.example", "bench-0-0"), 500));
        }
      }
    }
  }

  private static void counts(PostgresServer pg) throws Exception {
    try (Connection c =
            DriverManager.getConnection(pg.url(), PostgresServer.USER, PostgresServer.PASSWORD);
        Statement s = c.createStatement()) {
      StringBuilder out = new StringBuilder("rows:");
      for (String t :
          List.of(
              "dmarc_report",
              "dmarc_record",
              "dmarc_dkim_result",
              "dmarc_spf_result",
              "dmarc_override_reason")) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + t)) {
          rs.next();
          out.append(' ').append(t).append('=').append(rs.getLong(1));
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
        rs.next();
        out.append(", database ").append(rs.getString(1));
      }
      System.out.println(out);
    }
  }

  /** Median of 5 runs after one warm-up. */
  private static void time(String what, Supplier<Object> query) {
    query.get();
    double[] ms = new double[5];
    int rows = 0;
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      Object result = query.get();
      ms[i] = (System.nanoTime() - t0) / 1e6;
      rows = result instanceof List<?> l ? l.size() : 1;
    }
    Arrays.sort(ms);
    System.out.printf("  %-30s %8.1f ms  (%d rows)%n", what, ms[2], rows);
  }
}
