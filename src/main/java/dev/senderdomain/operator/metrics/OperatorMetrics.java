package dev.senderdomain.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own metrics (JOSDK adds its reconcile metrics to the same registry). Prometheus
 * names: {@code senderdomain_records_published_total}, {@code senderdomain_dmarc_pct}, {@code
 * senderdomain_ready}, {@code senderdomain_dkim_key_age_seconds}, {@code
 * senderdomain_provider_errors_total}, {@code senderdomain_provider_ready}, {@code
 * senderdomain_provider_write_changesets} (a summary: {@code _count} write requests, {@code _sum}
 * change sets), {@code senderdomain_report_messages_total}.
 */
public class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final Map<String, MultiGauge> providerGauges = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void recordsPublished(String namespace, String name, int changes) {
    Counter.builder("senderdomain.records.published")
        .description("Record set changes applied to DNS providers")
        .tags("namespace", namespace, "name", name)
        .register(registry)
        .increment(changes);
  }

  public void providerError(String provider, String reason) {
    Counter.builder("senderdomain.provider.errors")
        .description("DNS provider failures by reason")
        .tags("provider", provider, "reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * One write request to a DNS provider carrying {@code changeSets} domains' changes: the summary's
   * count is the requests, its sum the change sets, so sum/count is how well the changes of many
   * domains share requests (docs/performance.md, "Batching").
   */
  public void providerWrite(String provider, int changeSets) {
    DistributionSummary.builder("senderdomain.provider.write.changesets")
        .description("Domains' change sets per write request to a DNS provider")
        .tags("provider", provider)
        .register(registry)
        .record(changeSets);
  }

  public void dmarc(String namespace, String name, String policy, int pct) {
    // One series per domain: the policy is a label, so an old policy's series is set to -1 when it
    // changes.
    for (String p : new String[] {"none", "quarantine", "reject"}) {
      gauge(
              "senderdomain.dmarc.pct",
              "DMARC pct in effect (-1: not this policy)",
              Tags.of("namespace", namespace, "name", name, "policy", p))
          .set(p.equals(policy) ? pct : -1);
    }
  }

  public void ready(String namespace, String name, boolean ready) {
    gauge(
            "senderdomain.ready",
            "1 when the SenderDomain is Ready",
            Tags.of("namespace", namespace, "name", name))
        .set(ready ? 1 : 0);
  }

  /**
   * The Ready condition of every provider of one kind ({@code DnsProvider}, {@code
   * ClusterDnsProvider}), keyed by namespace and name (namespace empty for the cluster-scoped
   * kind). Replaces the kind's previous rows, so a deleted provider's series goes with it.
   */
  public void providersReady(String kind, java.util.SortedMap<List<String>, Boolean> ready) {
    MultiGauge gauge =
        providerGauges.computeIfAbsent(
            kind,
            k ->
                MultiGauge.builder("senderdomain.provider.ready")
                    .description("1 when the DnsProvider or ClusterDnsProvider is Ready")
                    .register(registry));
    List<MultiGauge.Row<?>> rows = new java.util.ArrayList<>();
    ready.forEach(
        (key, isReady) ->
            rows.add(
                MultiGauge.Row.of(
                    Tags.of("kind", kind, "namespace", key.get(0), "name", key.get(1)),
                    isReady ? 1 : 0)));
    gauge.register(rows, true);
  }

  public void keyAge(
      String namespace, String name, String selector, String algorithm, long seconds) {
    gauge(
            "senderdomain.dkim.key.age.seconds",
            "Age of each DKIM key",
            Tags.of(
                "namespace", namespace, "name", name, "selector", selector, "algorithm", algorithm))
        .set(seconds);
  }

  public void reportMessages(
      String domain, String reporter, String result, String disposition, long messages) {
    Counter.builder("senderdomain.report.messages")
        .description("Messages counted in DMARC aggregate reports")
        .tags("domain", domain, "reporter", reporter, "result", result, "disposition", disposition)
        .register(registry)
        .increment(messages);
  }

  private AtomicLong gauge(String name, String description, Tags tags) {
    String key = name + tags;
    return gauges.computeIfAbsent(
        key,
        k -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .tags(tags)
              .register(registry);
          return value;
        });
  }
}
