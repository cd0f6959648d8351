package dev.senderdomain.operator.reconciler;

import static dev.senderdomain.operator.report.TestReports.pass;
import static dev.senderdomain.operator.report.TestReports.report;
import static dev.senderdomain.operator.report.TestReports.xml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.ingest.ReportIngestor;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.report.store.ReportSummaries;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.testsupport.MockApi;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SenderDomains as report ingestion and the dashboard see them: a report is accepted for a
 * domain however either side spells it (an internationalized name as U-label or A-label, a trailing
 * dot, upper case), and is filed under the spelling the reconciler reads status for.
 */
class StatusDomainDirectoryTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  MockApi api;
  StatusDomainDirectory directory;

  @BeforeEach
  void start() {
    api = new MockApi().namespace("mail");
    create("books", "bücher.example");
    create("trailing", "example.com.");
    directory = new StatusDomainDirectory(api.client(), Set.of(), CLOCK);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private void create(String name, String domain) {
    SenderDomain sd = new SenderDomain();
    sd.getMetadata().setName(name);
    sd.getMetadata().setNamespace("mail");
    sd.setSpec(ExampleSpecs.shop());
    sd.getSpec().domain = domain;
    sd.getSpec().dmarc.rua = List.of("mailto:dmarc@example.net");
    api.client().resource(sd).create();
  }

  @Test
  void acceptsReportsForAnInternationalizedOrTrailingDotDomainInEverySpelling() {
    Predicate<String> managed = directory.managedDomain();

    assertThat(managed)
        .accepts(
            "xn--bcher-kva.example",
            "bücher.example",
            "BÜCHER.example.",
            "example.com",
            "example.com.",
            "Example.COM")
        .rejects("other.example", "xn--bcher.example", "com", "");
  }

  @Test
  void aSenderDomainWrittenInUpperCaseWithATrailingDotClaimsItsReports() {
    create("shop", "Shop.Example.COM.");
    Predicate<String> managed =
        new StatusDomainDirectory(api.client(), Set.of(), CLOCK).managedDomain();
    // Receivers report the published (ASCII) name, in whatever case, sometimes with the dot.
    assertThat(managed.test("XN--BCHER-KVA.example.")).isTrue();
    assertThat(managed.test("shop.example.com")).isTrue();
    assertThat(managed.test("shop.example.com.")).isTrue();
    assertThat(managed.test("other.example.com")).isFalse();
  }

  @Test
  void aSenderDomainThatDoesNotValidateClaimsNoReports() {
    SenderDomain sd = ExampleSpecs.resource(ExampleSpecs.shop());
    sd.getMetadata().setName("invalid");
    sd.getSpec().domain = "invalid.example";
    sd.getSpec().spf.ip4 = List.of("x"); // refused by the validator: spec.spf.ip4[0]
    api.client().resource(sd).create();
    StatusDomainDirectory fresh = new StatusDomainDirectory(api.client(), Set.of(), CLOCK);

    assertThat(fresh.managedDomain()).rejects("invalid.example");
    assertThat(fresh.domains()).extracting(DomainView::domain).doesNotContain("invalid.example");
  }

  @Test
  void theRolloutTimelineShowsAsPastOnlyTheStepsThatWerePublished() {
    SenderDomain sd = ExampleSpecs.resource(ExampleSpecs.shop());
    sd.getMetadata().setName("held");
    sd.getSpec().domain = "held.example";
    sd.getSpec().dmarc.rua = List.of("mailto:dmarc@example.net");
    sd.getSpec().dmarc.rollout.start = "2026-10-01";
    sd.getSpec().dmarc.rollout.targetDate = "2027-01-31";
    // The schedule would be weeks into the ramp by now; the gate held it at the first step.
    sd.setStatus(new SenderDomainStatus());
    sd.getStatus().dmarc = new SenderDomainStatus.DmarcStatus();
    sd.getStatus().dmarc.policy = "quarantine";
    sd.getStatus().dmarc.pct = 1;
    sd.getStatus().dmarc.since = "2026-10-09T00:00:00Z";
    sd.getStatus().dmarc.record = "v=DMARC1; p=quarantine; pct=1; t=y";
    sd.getStatus().dmarc.history =
        List.of(
            new SenderDomainStatus.PublishedStep(
                "2026-09-20T08:00:00Z", "none", 100, false, "v=DMARC1; p=none"),
            new SenderDomainStatus.PublishedStep(
                "2026-10-09T00:00:00Z",
                "quarantine",
                1,
                true,
                "v=DMARC1; p=quarantine; pct=1; t=y"));
    api.client().resource(sd).create();

    DomainView view =
        new StatusDomainDirectory(api.client(), Set.of(), CLOCK)
            .domains().stream()
                .filter(v -> v.domain().equals("held.example"))
                .findFirst()
                .orElseThrow();
    assertThat(view.timeline().stream().filter(r -> !r.at().isAfter(NOW)))
        .extracting(r -> r.at() + " " + r.record())
        .containsExactly(
            "2026-09-20T08:00:00Z v=DMARC1; p=none",
            "2026-10-09T00:00:00Z v=DMARC1; p=quarantine; pct=1; t=y");
    assertThat(view.timeline()).as("and the plan ahead").hasSizeGreaterThan(2);
  }

  @Test
  void listsEachDomainInTheSpellingItsStatusIsWrittenFor() {
    assertThat(directory.domains())
        .extracting(DomainView::domain)
        .containsExactly("example.com", "xn--bcher-kva.example");
  }

  @Test
  void aReportForTheUnicodeSpellingCountsInTheStatusOfTheSenderDomain() {
    try (ReportStore store = ReportStores.open("h2:mem:idn-" + System.nanoTime(), null, CLOCK)) {
      ReportIngestor ingestor =
          new ReportIngestor(
              store,
              null,
              ParserLimits.DEFAULTS,
              directory.managedDomain(),
              CLOCK,
              Duration.ofDays(400));
      Instant day = NOW.minus(Duration.ofDays(2));
      for (String spelling : List.of("bücher.example", "xn--bcher-kva.example.", "EXAMPLE.com.")) {
        ReportIngestor.Outcome o =
            ingestor.ingest(
                new ByteArrayInputStream(
                    xml(report("google.com", spelling, spelling, day, pass("192.0.2.1", 5)))),
                "upload");
        assertThat(o.status()).as(spelling).isEqualTo(ReportIngestor.Outcome.Status.NEW);
      }

      for (DomainView v : directory.domains()) {
        assertThat(
                ReportSummaries.summarize(
                        store,
                        v.domain(),
                        ReportSummaries.STATUS_WINDOW,
                        NOW,
                        SourceClassifier.of(List.of()))
                    .messages())
            .as(v.domain())
            .isEqualTo(v.domain().equals("example.com") ? 5 : 10);
      }
    }
  }
}
