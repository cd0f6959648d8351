package dev.senderdomain.operator.report.dashboard;

import static dev.senderdomain.operator.report.TestReports.fail;
import static dev.senderdomain.operator.report.TestReports.pass;
import static dev.senderdomain.operator.report.TestReports.record;
import static dev.senderdomain.operator.report.TestReports.report;
import static dev.senderdomain.operator.report.TestReports.xml;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.Disposition;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.TimelineRow;
import dev.senderdomain.operator.report.ingest.ReportIngestor;
import dev.senderdomain.operator.report.store.ReportStore;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Realistic dashboard data: two domains, 30 days of reports from several receivers (fed as XML
 * through the real parser and ingestor), a rollout in its quarantine ramp, declared senders, an ESP
 * authorised by SPF, a mailing list, a spoofer, and a hostile reporter whose org_name is markup.
 */
final class DashboardFixture {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  static final String HOSTILE_ORG = "<script>alert(\"pwned\")</script><img src=x onerror=alert(1)>";
  static final String HOSTILE_PTR = "<b>evil</b>.example";

  /**
   * Messages and passes of example.com in the last 7 days (reports ending in the window), summed
   * while built.
   */
  long weekMessages;

  long weekPass;

  List<AggregateReport> reports() {
    List<AggregateReport> out = new ArrayList<>();
    Instant firstDay =
        NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(29));
    for (int d = 0; d < 29; d++) {
      Instant day = firstDay.plus(Duration.ofDays(d));
      // the ESP's DKIM broke for a few days in the middle of the month
      boolean espBroken = d >= 12 && d <= 15;
      List<ReportRecord> google =
          new ArrayList<>(
              List.of(
                  pass("192.0.2.10", 900 + d * 10),
                  pass("192.0.2.11", 400),
                  record("198.51.100.25", 300, !espBroken, true, Disposition.NONE),
                  record("198.51.100.26", 120, false, espBroken ? false : true, Disposition.NONE),
                  record("203.0.113.50", 40, d % 3 == 0, false, Disposition.NONE, "mailing_list"),
                  record(
                      "2001:db8:bad::66",
                      25 + d,
                      false,
                      false,
                      d < 20 ? Disposition.NONE : Disposition.QUARANTINE)));
      out.add(
          add(
              report(
                  "google.com",
                  "g-" + d,
                  "example.com",
                  day,
                  google.toArray(ReportRecord[]::new))));
      out.add(
          add(
              report(
                  "Yahoo",
                  "y-" + d,
                  "example.com",
                  day,
                  pass("192.0.2.10", 200),
                  fail("2001:db8:bad::66", 10))));
      if (d % 5 == 0) {
        out.add(
            add(report(HOSTILE_ORG, "h-" + d, "example.com", day, fail("2001:db8:bad::67", 3))));
      }
      out.add(
          report(
              "google.com",
              "shop-" + d,
              "shop.example.org",
              day,
              pass("192.0.2.99", 150),
              fail("203.0.113.77", d % 7 == 0 ? 6 : 0)));
    }
    return out;
  }

  private AggregateReport add(AggregateReport r) {
    Instant end = r.metadata().end();
    if (end.isAfter(NOW.minus(Duration.ofDays(7))) && !end.isAfter(NOW)) {
      weekMessages += r.messages();
      weekPass += r.dmarcPass();
    }
    return r;
  }

  /** Stores the reports through the real parser and ingestor. */
  void load(ReportStore store) {
    ReportIngestor ingestor =
        new ReportIngestor(
            store,
            null,
            ParserLimits.DEFAULTS,
            Set.of("example.com", "shop.example.org")::contains);
    for (AggregateReport r : reports()) {
      ReportIngestor.Outcome o = ingestor.ingest(new ByteArrayInputStream(xml(r)), "test");
      if (o.status() != ReportIngestor.Outcome.Status.NEW) {
        throw new IllegalStateException("fixture report not stored: " + o);
      }
    }
  }

  static DomainDirectory directory() {
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    String rua = "; rua=mailto:dmarc@example.com";
    List<TimelineRow> timeline =
        List.of(
            new TimelineRow(
                start.minus(Duration.ofDays(30)), "none", 100, false, "v=DMARC1; p=none" + rua),
            new TimelineRow(
                start, "quarantine", 10, true, "v=DMARC1; p=quarantine; pct=10; t=y" + rua),
            new TimelineRow(
                start.plus(Duration.ofDays(14)),
                "quarantine",
                50,
                false,
                "v=DMARC1; p=quarantine; pct=50" + rua),
            new TimelineRow(
                start.plus(Duration.ofDays(28)),
                "quarantine",
                100,
                false,
                "v=DMARC1; p=quarantine" + rua),
            new TimelineRow(
                start.plus(Duration.ofDays(42)), "reject", 100, false, "v=DMARC1; p=reject" + rua));
    DomainView example =
        new DomainView(
            "mail",
            "example-com",
            "example.com",
            "quarantine",
            50,
            timeline.get(2).record(),
            timeline.get(3).at(),
            timeline,
            List.of("192.0.2.0/28", "2001:db8:1::/48"),
            new GateSpecValues(98, Duration.ofDays(7), 1000));
    DomainView shop =
        new DomainView(
            "shop",
            "shop",
            "shop.example.org",
            "reject",
            100,
            "v=DMARC1; p=reject; rua=mailto:dmarc@example.com",
            null,
            List.of(
                new TimelineRow(
                    Instant.parse("2026-09-01T00:00:00Z"),
                    "reject",
                    100,
                    false,
                    "v=DMARC1; p=reject; rua=mailto:dmarc@example.com")),
            List.of("192.0.2.96/30"),
            null);
    return () -> List.of(example, shop);
  }

  static Map<String, String> ptrNames() {
    return Map.of(
        "192.0.2.10",
        "mta1.example.com",
        "192.0.2.11",
        "mta2.example.com",
        "198.51.100.25",
        "o1.ptr1234.esp.example.net",
        "203.0.113.50",
        "lists.example.net",
        "2001:db8:bad::66",
        HOSTILE_PTR);
  }
}
