package dev.senderdomain.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own metrics (JOSDK adds its reconcile metrics to the same registry). Prometheus
 * names: {@code senderdomain_records_published_total}, {@code senderdomain_dmarc_pct}, {@code
 * senderdomain_ready}, {@code senderdomain_dkim_key_age_seconds}, {@code
 * senderdomain_provider_errors_total}, {@code senderdomain_report_messages_total}.
 */
public class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

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
