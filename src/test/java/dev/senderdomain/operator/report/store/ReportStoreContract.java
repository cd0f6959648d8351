package dev.senderdomain.operator.report.store;

import static dev.senderdomain.operator.report.TestReports.fail;
import static dev.senderdomain.operator.report.TestReports.pass;
import static dev.senderdomain.operator.report.TestReports.record;
import static dev.senderdomain.operator.report.TestReports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.DailyPassRate;
import dev.senderdomain.operator.report.Disposition;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.SourceStats;
import dev.senderdomain.operator.report.SyntheticReport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
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

  /** A plain JDBC connection to the database {@link #open()} uses, for setting up old schemas. */
  abstract Connection connect() throws SQLException;

  @BeforeEach
  void openStore() {
    store = track(open());
  }

  static AggregateReport fixture(String name) throws Exception {
    try (InputStream in = ReportStoreContract.class.getResourceAsStream("/reports/" + name)) {
      return AggregateReportParser.parse(in);
    }
  }

  static List<ReportRecord> recordsOf(List<StoredRecord> stored) {
    return stored.stream().map(StoredRecord::record).toList();
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

  @Test
  void keepsEveryRecordAsTheReceiverWroteItWithResultsReasonsAndIdentifiers() throws Exception {
    AggregateReport google = fixture("rfc7489-three-records.xml");
    AggregateReport rfc9990 = fixture("rfc9990-namespaced.xml");
    AggregateReport synthetic = SyntheticReport.report(300);
    for (AggregateReport r : List.of(google, rfc9990, synthetic)) {
      assertThat(store.store(r, "upload")).isEqualTo(StoreResult.NEW);
    }

    for (AggregateReport r : List.of(google, rfc9990, synthetic)) {
      ReportFilter all =
          ReportFilter.of(
                  r.policy().domain(), r.metadata().end().minusSeconds(1), r.metadata().end())
              .withReport(r.metadata().orgName(), r.metadata().reportId());
      List<StoredRecord> stored = store.records(all, 10_000);
      assertThat(recordsOf(stored)).as(r.metadata().reportId()).isEqualTo(r.records());
      assertThat(stored)
          .extracting(StoredRecord::recordNo)
          .isEqualTo(IntStream.rangeClosed(1, r.records().size()).boxed().toList());
      assertThat(stored)
          .allSatisfy(
              s -> {
                assertThat(s.orgName()).isEqualTo(r.metadata().orgName());
                assertThat(s.begin()).isEqualTo(r.metadata().begin());
              });
    }
  }

  @Test
  void narrowsRecordsAndReportsToASourceAReporterOrAReport() {
    store.store(
        report(
            "google.com", "g1", "example.com", DAY1, pass("192.0.2.1", 10), fail("192.0.2.9", 2)),
        "upload");
    store.store(
        report(
            "google.com", "g2", "example.com", DAY1.plus(Duration.ofDays(1)), pass("192.0.2.1", 7)),
        "imap:dmarc@example.com");
    store.store(report("Yahoo", "y1", "example.com", DAY1, fail("192.0.2.9", 4)), "upload");
    ReportFilter week = ReportFilter.of("example.com", NOW.minus(WEEK), NOW);

    assertThat(store.records(week.withSourceIp("192.0.2.9"), 100))
        .extracting(s -> s.orgName() + "/" + s.reportId() + " " + s.record().count())
        .containsExactly("Yahoo/y1 4", "google.com/g1 2");
    assertThat(store.records(week, 2)).hasSize(2);
    assertThat(store.reports(week.withOrgName("google.com"), 100))
        .extracting(StoredReport::reportId, StoredReport::messages, StoredReport::source)
        .containsExactly(tuple("g2", 7L, "imap:dmarc@example.com"), tuple("g1", 12L, "upload"));
    assertThat(store.reports(week.withSourceIp("192.0.2.9"), 100))
        .extracting(StoredReport::reportId)
        .containsExactly("y1", "g1");
    StoredReport g1 = store.reports(week.withReport("google.com", "g1"), 100).get(0);
    assertThat(g1.records()).isEqualTo(2);
    assertThat(g1.dmarcPass()).isEqualTo(10);
    assertThat(g1.detailed()).isTrue();
    assertThat(g1.end()).isEqualTo(DAY1.plusSeconds(86_399));
  }

  @Test
  void talliesDkimAndSpfResultsAndIdentifiersByMessages() throws Exception {
    store.store(fixture("rfc7489-three-records.xml"), "upload");
    AggregateReport r = fixture("rfc7489-three-records.xml");
    ReportFilter f =
        ReportFilter.of("sender.example", r.metadata().end().minusSeconds(1), r.metadata().end());

    List<AuthTallies.Dkim> dkim = store.dkimResults(f);
    long signedMessages =
        r.records().stream().mapToLong(x -> x.count() * x.dkimResults().size()).sum();
    assertThat(dkim.stream().mapToLong(AuthTallies.Dkim::messages).sum()).isEqualTo(signedMessages);
    assertThat(dkim)
        .contains(new AuthTallies.Dkim("192.0.2.10", "esp.example", "esp1", "pass", 12));
    assertThat(dkim).isSortedAccordingTo((a, b) -> Long.compare(b.messages(), a.messages()));
    List<AuthTallies.Spf> spf = store.spfResults(f);
    assertThat(spf.stream().mapToLong(AuthTallies.Spf::messages).sum())
        .isEqualTo(r.records().stream().mapToLong(x -> x.count() * x.spfResults().size()).sum());
    assertThat(spf)
        .contains(new AuthTallies.Spf("192.0.2.10", "sender.example", "mfrom", "pass", 12));
    List<AuthTallies.Identifiers> ids = store.identifiers(f);
    assertThat(ids.stream().mapToLong(AuthTallies.Identifiers::messages).sum())
        .isEqualTo(r.messages());
    assertThat(ids.stream().mapToLong(AuthTallies.Identifiers::dmarcPass).sum())
        .isEqualTo(r.dmarcPass());
    assertThat(store.dkimResults(f.withSourceIp("192.0.2.10")))
        .allSatisfy(t -> assertThat(t.sourceIp()).isEqualTo("192.0.2.10"));
  }

  @Test
  void keepsTheCountOfSkippedRecords() throws Exception {
    byte[] xml =
        ("<feedback><report_metadata><org_name>o</org_name><report_id>skip-1</report_id>"
                + "<date_range><begin>1700000000</begin><end>1700086399</end></date_range>"
                + "</report_metadata><policy_published><domain>sender.example</domain><p>none</p>"
                + "</policy_published>"
                + "<record><row><source_ip>192.0.2.1</source_ip><count>4</count></row></record>"
                + "<record><row><source_ip>bad</source_ip><count>1</count></row></record>"
                + "</feedback>")
            .getBytes(StandardCharsets.UTF_8);
    AggregateReport r = AggregateReportParser.parse(new java.io.ByteArrayInputStream(xml));
    store.store(r, "upload");

    StoredReport stored =
        store
            .reports(
                ReportFilter.of("sender.example", r.metadata().begin(), r.metadata().end()), 10)
            .get(0);
    assertThat(stored.records()).isEqualTo(1);
    assertThat(stored.skippedRecords()).isEqualTo(1);
    assertThat(stored.messages()).isEqualTo(4);
  }

  @Test
  void migratesAStoreOfTheFirstReleaseInPlaceKeepingItsData() throws Exception {
    store.close();
    FirstReleaseStore.dropEverything(this::connect);
    FirstReleaseStore.create(this::connect);
    FirstReleaseStore.insert(
        this::connect,
        report(
            "google.com",
            "old-1",
            "example.com",
            DAY1,
            record("192.0.2.1", 10, true, false, Disposition.NONE),
            record("192.0.2.1", 5, true, false, Disposition.NONE),
            record("203.0.113.9", 4, false, false, Disposition.NONE, "forwarded"),
            fail("198.51.100.7", 1)));
    FirstReleaseStore.insert(
        this::connect,
        report(
            "yahoo", "old-2", "example.com", DAY1.plus(Duration.ofDays(1)), pass("192.0.2.1", 3)));

    ReportStore migrated = track(open());

    ReportFilter week = ReportFilter.of("example.com", NOW.minus(WEEK), NOW);
    assertThat(migrated.totals("example.com", NOW.minus(WEEK), NOW))
        .isEqualTo(new ReportStore.WindowTotals(2, 23, 18));
    assertThat(migrated.sources("example.com", NOW.minus(WEEK), NOW))
        .containsExactly(
            new SourceStats("192.0.2.1", 18, 18, 18, 3, 0),
            new SourceStats("203.0.113.9", 4, 0, 0, 0, 4),
            new SourceStats("198.51.100.7", 1, 0, 0, 0, 0));
    assertThat(migrated.reporters("example.com", NOW.minus(WEEK), NOW))
        .containsExactly(
            new ReportStore.ReporterStats("google.com", 1, 20, 15),
            new ReportStore.ReporterStats("yahoo", 1, 3, 3));
    assertThat(migrated.dailyPassRates("example.com", NOW.minus(WEEK), NOW))
        .containsExactly(
            new DailyPassRate(LocalDate.parse("2026-11-20"), 20, 15),
            new DailyPassRate(LocalDate.parse("2026-11-21"), 3, 3));
    // the old rows come back as what they are: per-report sums without identifiers
    assertThat(migrated.reports(week, 10))
        .allSatisfy(
            r -> {
              assertThat(r.detailed()).isFalse();
              assertThat(r.records()).isNull();
            });
    List<StoredRecord> old = migrated.records(week.withReport("google.com", "old-1"), 10);
    assertThat(old).extracting(StoredRecord::recordNo).containsOnly(0);
    assertThat(old)
        .extracting(s -> s.record().sourceIp() + " " + s.record().count())
        .containsExactlyInAnyOrder("192.0.2.1 15", "203.0.113.9 4", "198.51.100.7 1");
    // duplicates of old reports are still recognised, new ones are kept record by record
    assertThat(migrated.store(report("google.com", "old-1", "example.com", DAY1), "upload"))
        .isEqualTo(StoreResult.DUPLICATE);
    AggregateReport fresh = fixture("rfc7489-three-records.xml");
    assertThat(migrated.store(fresh, "upload")).isEqualTo(StoreResult.NEW);
    assertThat(
            recordsOf(
                migrated.records(
                    ReportFilter.of(
                        "sender.example", fresh.metadata().begin(), fresh.metadata().end()),
                    100)))
        .isEqualTo(fresh.records());
    assertThat(FirstReleaseStore.appliedVersions(this::connect)).containsExactly("0", "1", "2");
    // opening again changes nothing
    migrated.close();
    ReportStore again = track(open());
    assertThat(again.totals("example.com", NOW.minus(WEEK), NOW).messages()).isEqualTo(23);
    assertThat(FirstReleaseStore.appliedVersions(this::connect)).containsExactly("0", "1", "2");
  }

  @Test
  void anEmptyDatabaseGetsEveryVersionFromTheFirst() throws Exception {
    assertThat(FirstReleaseStore.appliedVersions(this::connect)).containsExactly("1", "2");
  }

  @Test
  void retentionAlsoDeletesTheRecordsResultsAndReasons() throws Exception {
    AggregateReport r = fixture("rfc7489-three-records.xml");
    store.store(r, "upload");
    assertThat(FirstReleaseStore.rows(this::connect, "dmarc_dkim_result")).isPositive();

    assertThat(store.deleteEndingBefore(r.metadata().end().plusSeconds(1))).isEqualTo(1);

    for (String table :
        List.of(
            "dmarc_report",
            "dmarc_record",
            "dmarc_dkim_result",
            "dmarc_spf_result",
            "dmarc_override_reason")) {
      assertThat(FirstReleaseStore.rows(this::connect, table)).as(table).isZero();
    }
  }
}
