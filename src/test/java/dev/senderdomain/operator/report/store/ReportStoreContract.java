package dev.senderdomain.operator.report.store;

import static dev.senderdomain.operator.report.TestReports.fail;
import static dev.senderdomain.operator.report.TestReports.pass;
import static dev.senderdomain.operator.report.TestReports.record;
import static dev.senderdomain.operator.report.TestReports.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.DailyPassRate;
import dev.senderdomain.operator.report.Disposition;
import dev.senderdomain.operator.report.SourceStats;
import dev.senderdomain.operator.report.SyntheticReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every ReportStore back end must have; subclasses run it against H2 and a real
 * PostgreSQL.
 */
abstract class ReportStoreContract {
  static final Instant DAY1 = Instant.parse("2026-11-20T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Duration WEEK = Duration.ofDays(7);

  ReportStore store;
  private final List<ReportStore> opened = new ArrayList<>();

  /** A fresh, empty database per test; calling it twice in a test must give the same database. */
  abstract ReportStore open();

  @BeforeEach
  void openStore() {
    store = track(open());
  }

  ReportStore track(ReportStore s) {
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(ReportStore::close);
  }

  @Test
  void storesAReportOnceAndCountsADuplicateNowhere() {
    AggregateReport r =
        report(
            "google.com",
            "r-1",
            "example.com",
            DAY1,
            pass("192.0.2.1", 10),
            fail("198.51.100.7", 3));
    assertThat(store.store(r, "upload")).isEqualTo(StoreResult.NEW);
    assertThat(store.store(r, "imap:dmarc@example.com")).isEqualTo(StoreResult.DUPLICATE);

    ReportStore.WindowTotals totals = store.totals("example.com", NOW.minus(WEEK), NOW);
    assertThat(totals).isEqualTo(new ReportStore.WindowTotals(1, 13, 10));
  }

  @Test
  void sameReportIdFromAnotherOrganisationIsAnotherReport() {
    assertThat(
            store.store(
                report("google.com", "42", "example.com", DAY1, pass("192.0.2.1", 1)), "upload"))
        .isEqualTo(StoreResult.NEW);
    assertThat(
            store.store(report("Yahoo", "42", "example.com", DAY1, pass("192.0.2.1", 2)), "upload"))
        .isEqualTo(StoreResult.NEW);
    assertThat(store.totals("example.com", NOW.minus(WEEK), NOW).messages()).isEqualTo(3);
  }

  @Test
  void windowHoldsOnlyReportsOfTheDomainEndingInside() {
    store.store(
        report("a", "old", "example.com", NOW.minus(Duration.ofDays(9)), pass("192.0.2.1", 100)),
        "upload");
    store.store(
        report("a", "in", "example.com", NOW.minus(Duration.ofDays(3)), pass("192.0.2.1", 7)),
        "upload");
    store.store(
        report("a", "other", "example.org", NOW.minus(Duration.ofDays(3)), pass("192.0.2.1", 5)),
        "upload");
    // a report whose period ends after "now" (clock skew at the reporter) is not in the window yet
    store.store(report("a", "future", "example.com", NOW, pass("192.0.2.1", 1000)), "upload");

    assertThat(store.totals("example.com", NOW.minus(WEEK), NOW))
        .isEqualTo(new ReportStore.WindowTotals(1, 7, 7));
    assertThat(store.totals("EXAMPLE.com.", NOW.minus(WEEK), NOW).messages()).isEqualTo(7);
    assertThat(store.lastReportAt("example.com")).contains(NOW.plusSeconds(86_399));
    assertThat(store.lastReportAt("nothing.example")).isEmpty();
  }

  @Test
  void sourcesSumAlignedPassesAndForwardingPerIp() {
    store.store(
        report(
            "google.com",
            "1",
            "example.com",
            DAY1,
            record("192.0.2.1", 10, true, false, Disposition.NONE),
            record("192.0.2.1", 5, false, true, Disposition.NONE),
            record("203.0.113.9", 4, false, false, Disposition.NONE, "forwarded"),
            record("203.0.113.9", 2, true, false, Disposition.NONE, "mailing_list", "local_policy"),
            fail("198.51.100.7", 1)),
        "upload");
    store.store(
        report(
            "yahoo",
            "1",
            "example.com",
            DAY1.plus(Duration.ofDays(1)),
            record("192.0.2.1", 1, false, false, Disposition.QUARANTINE)),
        "upload");

    assertThat(store.sources("example.com", NOW.minus(WEEK), NOW))
        .containsExactly(
            new SourceStats("192.0.2.1", 16, 15, 10, 5, 0),
            new SourceStats("203.0.113.9", 6, 2, 2, 0, 6),
            new SourceStats("198.51.100.7", 1, 0, 0, 0, 0));
    assertThat(store.reporters("example.com", NOW.minus(WEEK), NOW))
        .containsExactly(
            new ReportStore.ReporterStats("google.com", 1, 22, 17),
            new ReportStore.ReporterStats("yahoo", 1, 1, 0));
  }

  @Test
  void dailyPassRatesGroupByTheUtcDayAReportBegins() {
    store.store(
        report("a", "1", "example.com", DAY1, pass("192.0.2.1", 9), fail("192.0.2.2", 1)),
        "upload");
    store.store(
        report("b", "1", "example.com", DAY1.plusSeconds(3600), pass("192.0.2.1", 10)), "upload");
    store.store(
        report("a", "2", "example.com", DAY1.plus(Duration.ofDays(2)), fail("192.0.2.2", 5)),
        "upload");

    assertThat(store.dailyPassRates("example.com", NOW.minus(WEEK), NOW))
        .containsExactly(
            new DailyPassRate(LocalDate.parse("2026-11-20"), 20, 19),
            new DailyPassRate(LocalDate.parse("2026-11-22"), 5, 0));
  }

  @Test
  void reportsWithHostileLongIdentifiersAreStoredAndDeduplicated() {
    String org = "<script>alert(1)</script>".repeat(2000);
    String id = "x".repeat(60_000);
    AggregateReport r = report(org, id, "example.com", DAY1, pass("2001:db8::1", 3));
    assertThat(store.store(r, "upload")).isEqualTo(StoreResult.NEW);
    assertThat(store.store(r, "upload")).isEqualTo(StoreResult.DUPLICATE);
    // same first 1000 characters, different id: not a duplicate
    assertThat(
            store.store(
                report(org, id + "y", "example.com", DAY1, pass("2001:db8::1", 3)), "upload"))
        .isEqualTo(StoreResult.NEW);
    assertThat(store.sources("example.com", NOW.minus(WEEK), NOW))
        .containsExactly(new SourceStats("2001:db8::1", 6, 6, 6, 6, 0));
  }

  @Test
  void aLargeReportIsStoredInOneGo() {
    AggregateReport big = SyntheticReport.report(5000);
    assertThat(store.store(big, "upload")).isEqualTo(StoreResult.NEW);
    Instant end = big.metadata().end();
    ReportStore.WindowTotals t = store.totals(SyntheticReport.DOMAIN, end.minusSeconds(1), end);
    assertThat(t.messages()).isEqualTo(big.messages());
    assertThat(t.dmarcPass()).isEqualTo(big.dmarcPass());
    assertThat(
            store.sources(SyntheticReport.DOMAIN, end.minusSeconds(1), end).stream()
                .mapToLong(SourceStats::messages)
                .sum())
        .isEqualTo(big.messages());
  }

  @Test
  void retentionDeletesOldReportsWithTheirRecordsAndNothingElse() {
    store.store(
        report("a", "old", "example.com", NOW.minus(Duration.ofDays(500)), fail("192.0.2.9", 5)),
        "upload");
    store.store(
        report("a", "new", "example.com", NOW.minus(Duration.ofDays(2)), pass("192.0.2.1", 4)),
        "upload");

    assertThat(store.deleteEndingBefore(NOW.minus(Duration.ofDays(400)))).isEqualTo(1);
    assertThat(store.deleteEndingBefore(NOW.minus(Duration.ofDays(400)))).isZero();

    Instant longAgo = NOW.minus(Duration.ofDays(1000));
    assertThat(store.totals("example.com", longAgo, NOW))
        .isEqualTo(new ReportStore.WindowTotals(1, 4, 4));
    assertThat(store.sources("example.com", longAgo, NOW))
        .containsExactly(new SourceStats("192.0.2.1", 4, 4, 4, 4, 0));
    // a deleted report can be stored again (a receiver resending a year-old report counts it once
    // more)
    assertThat(
            store.store(
                report(
                    "a",
                    "old",
                    "example.com",
                    NOW.minus(Duration.ofDays(500)),
                    fail("192.0.2.9", 5)),
                "upload"))
        .isEqualTo(StoreResult.NEW);
  }

  @Test
  void reopeningKeepsTheDataAndTheSchema() {
    store.store(report("a", "1", "example.com", DAY1, pass("192.0.2.1", 4)), "upload");
    store.close();
    ReportStore again = track(open());
    assertThat(again.store(report("a", "1", "example.com", DAY1, pass("192.0.2.1", 4)), "upload"))
        .isEqualTo(StoreResult.DUPLICATE);
    assertThat(again.totals("example.com", NOW.minus(WEEK), NOW).messages()).isEqualTo(4);
  }

  @Test
  void twoReplicasStoringTheSameReportAtOnceStoreItOnce() throws Exception {
    ReportStore other = track(open());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 20; i++) {
        AggregateReport r = report("race", "r" + i, "example.com", DAY1, pass("192.0.2.1", 1));
        List<Callable<StoreResult>> both =
            List.of(() -> store.store(r, "a"), () -> other.store(r, "b"));
        List<StoreResult> results = new ArrayList<>();
        for (Future<StoreResult> f : pool.invokeAll(both)) {
          results.add(f.get());
        }
        assertThat(results).containsExactlyInAnyOrder(StoreResult.NEW, StoreResult.DUPLICATE);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.totals("example.com", NOW.minus(WEEK), NOW))
        .isEqualTo(new ReportStore.WindowTotals(20, 20, 20));
  }
}
