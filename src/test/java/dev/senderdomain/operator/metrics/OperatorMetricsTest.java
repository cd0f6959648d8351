package dev.senderdomain.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
  @Test
  void writeRequestsAndTheChangeSetsTheyCarryAreOneSummaryPerProvider() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry);

    metrics.providerWrite("rfc2136", 1);
    metrics.providerWrite("rfc2136", 8);
    metrics.providerWrite("route53", 3);

    DistributionSummary rfc2136 =
        registry.get("senderdomain.provider.write.changesets").tag("provider", "rfc2136").summary();
    assertThat(rfc2136.count()).isEqualTo(2);
    assertThat(rfc2136.totalAmount()).isEqualTo(9);
    assertThat(registry.scrape())
        .contains("senderdomain_provider_write_changesets_count{provider=\"route53\"} 1")
        .contains("senderdomain_provider_write_changesets_sum{provider=\"route53\"} 3");
  }
}
