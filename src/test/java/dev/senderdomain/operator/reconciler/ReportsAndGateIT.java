package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.report.ingest.PipelineConfig;
import dev.senderdomain.operator.report.ingest.ReportIngestor;
import dev.senderdomain.operator.report.ingest.ReportPipeline;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.testsupport.MockApi;
import dev.senderdomain.operator.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reports seen by the operator: aggregate reports ingested into the real pipeline (H2 store) show
 * up in status.reports and in /metrics, and a rollout with a gate holds while the declared senders'
 * pass rate is low and resumes by itself when it recovers. Keys and DNS are in-memory fakes of our
 * own seams; the API is the CRUD mock.
 */
class ReportsAndGateIT {
  static final String NS = "mail";
  static final String DECLARED_SENDER = "203.0.113.5"; // inside the example's ip4 203.0.113.0/24

  MockApi api;
  KubernetesClient client;
  OperatorRuntime runtime;
  ReportPipeline pipeline;
  PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  // Applied twelve days before a rollout starting 2027-01-01 with reject by 2027-04-01: p=none
  // until then, a change a day after.
  MutableClock clock = new MutableClock(Instant.parse("2026-12-20T12:00:00Z"));

  @BeforeEach
  void start() {
    api = new MockApi().namespace(NS);
    client = api.client();
    OperatorMetrics metrics = new OperatorMetrics(registry);
    Predicate<String> anyDomain = d -> true;
    pipeline =
        ReportPipeline.start(
            PipelineConfig.fromEnv(
                Map.of("SDO_REPORT_STORE_URL", "h2:mem:gate-" + System.nanoTime())),
            metrics,
            anyDomain,
            List::of,
            clock);
    runtime =
        OperatorRuntime.create(
                client,
                new OperatorRuntime.Settings(Set.of(), null, "test", Duration.ofSeconds(1), 2),
                new OperatorRuntime.Seams(
                    clock,
                    new FakeSeams.Keys(),
                    new FakeSeams.Dns(),
                    new ProviderLookup("ops"),
                    null,
                    new PipelineReportsView(pipeline, clock)),
                metrics)
            .start();
  }

  @AfterEach
  void stop() {
    runtime.close();
    pipeline.close();
    api.close();
  }

  @Test
  void reportsShowInStatusAndMetricsAndALowPassRateHoldsTheRolloutUntilItRecovers() {
    DnsProvider p = new DnsProvider();
    p.getMetadata().setName("bind-primary");
    p.getMetadata().setNamespace(NS);
    p.setSpec(new DnsProviderSpec());
    p.getSpec().manual = new DnsProviderSpec.Manual();
    client.resource(p).create();
    SenderDomain sd = new SenderDomain();
    sd.getMetadata().setName("shop");
    sd.getMetadata().setNamespace(NS);
    sd.setSpec(ExampleSpecs.shop());
    sd.getSpec().dmarc.rollout.gate = new DmarcSpec.Gate();
    sd.getSpec().dmarc.rollout.gate.minPassRate = 98.0;
    sd.getSpec().dmarc.rollout.gate.window = "7d";
    sd.getSpec().dmarc.rollout.gate.minMessages = 100L;
    client.resource(sd).create();
    awaitStatus(s -> s.getStatus().dmarc != null && "none".equals(s.getStatus().dmarc.policy));
    clock.set(Instant.parse("2027-01-01T00:00:05Z")); // the first step of the ramp
    SenderDomain first =
        awaitStatus(
            s -> s.getStatus().dmarc != null && "quarantine".equals(s.getStatus().dmarc.policy));
    int pctBefore = first.getStatus().dmarc.pct;
    Instant due = Instant.parse(first.getStatus().dmarc.nextStepAt);

    // A legitimate sender failing DMARC: 500 messages from a declared IP, neither DKIM nor SPF
    // passing.
    ingest("failing-1", due.minus(Duration.ofDays(2)), 500, "fail");
    clock.set(due.plusSeconds(5)); // the next step is due
    SenderDomain held =
        awaitStatus(
            s ->
                condition(s, "RolloutProgressing")
                    .map(c -> c.getReason().equals("RolloutGated"))
                    .orElse(false));
    assertThat(held.getStatus().dmarc.pct).isEqualTo(pctBefore);
    assertThat(condition(held, "RolloutProgressing").get().getMessage()).contains(DECLARED_SENDER);
    assertThat(held.getStatus().reports.messages).isEqualTo(500);
    assertThat(held.getStatus().reports.passRate).isEqualTo(0.0);
    assertThat(held.getStatus().reports.failingSources)
        .extracting(s -> s.ip + " " + s.sender)
        .contains(DECLARED_SENDER + " Your declared servers");
    // what to fix, in the status
    assertThat(held.getStatus().reports.senders)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.sender).isEqualTo("Your declared servers");
              assertThat(a.failing).isEqualTo(500);
              assertThat(a.suggestion)
                  .startsWith(
                      "Your declared servers (203.0.113.5) send 71 messages/day for"
                          + " shop.example.com failing DMARC: sign their mail with the domain's DKIM"
                          + " key");
            });
    assertThat(registry.scrape())
        .contains("senderdomain_report_messages_total{")
        .contains("domain=\"shop.example.com\"");

    // The sender is fixed: 99,500 passing messages bring the rate to 99.5% and the rollout moves on
    // by itself.
    ingest("passing-1", due.minus(Duration.ofDays(1)), 99_500, "pass");
    clock.set(due.plus(Duration.ofDays(1)).plusSeconds(5)); // the next daily check after the hold
    SenderDomain resumed =
        awaitStatus(s -> s.getStatus().dmarc.pct != null && s.getStatus().dmarc.pct > pctBefore);
    assertThat(condition(resumed, "RolloutProgressing").get().getReason())
        .isNotEqualTo("RolloutGated");
    assertThat(resumed.getStatus().reports.messages).isEqualTo(100_000);
  }

  void ingest(String id, Instant begin, long count, String result) {
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <feedback>
          <report_metadata><org_name>receiver.example</org_name><email>noreply@receiver.example</email>
            <report_id>%s</report_id><date_range><begin>%d</begin><end>%d</end></date_range></report_metadata>
          <policy_published><domain>shop.example.com</domain><adkim>r</adkim><aspf>r</aspf><p>quarantine</p>
            <pct>100</pct></policy_published>
          <record><row><source_ip>%s</source_ip><count>%d</count><policy_evaluated><disposition>none</disposition>
            <dkim>%s</dkim><spf>%s</spf></policy_evaluated></row><identifiers><header_from>shop.example.com</header_from>
            </identifiers><auth_results><spf><domain>shop.example.com</domain><result>%s</result></spf></auth_results>
          </record>
        </feedback>
        """
            .formatted(
                id,
                begin.getEpochSecond(),
                begin.plus(Duration.ofDays(1)).getEpochSecond() - 1,
                DECLARED_SENDER,
                count,
                result,
                result,
                result);
    ReportIngestor.Outcome outcome =
        pipeline
            .ingestor()
            .ingest(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test");
    assertThat(outcome.status().name()).as(outcome.toString()).isEqualTo("NEW");
  }

  SenderDomain awaitStatus(Predicate<SenderDomain> until) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              SenderDomain s =
                  client.resources(SenderDomain.class).inNamespace(NS).withName("shop").get();
              return s != null && s.getStatus() != null && until.test(s);
            });
    return client.resources(SenderDomain.class).inNamespace(NS).withName("shop").get();
  }

  static java.util.Optional<Condition> condition(SenderDomain sd, String type) {
    return sd.getStatus().conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
  }
}
