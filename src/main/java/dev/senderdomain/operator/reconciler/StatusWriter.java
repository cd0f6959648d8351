package dev.senderdomain.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns a status into the reconcile result: a status patch only when the status changed (a resync of an unchanged
 * domain writes nothing), and a reschedule for the next time something is due, capped by the resync interval so
 * drift is repaired.
 */
public class StatusWriter {
  private final Clock clock;
  private final Duration resync;
  private final OperatorMetrics metrics;

  public StatusWriter(Clock clock, Duration resync, OperatorMetrics metrics) {
    this.clock = clock;
    this.resync = resync;
    this.metrics = metrics;
  }

  UpdateControl<SenderDomain> write(SenderDomain current, SenderDomainStatus status, Instant next) {
    export(current, status);
    UpdateControl<SenderDomain> control = same(current.getStatus(), status) ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(fresh(current, status));
    Duration delay = resync;
    if (next != null) {
      Duration untilNext = Duration.between(clock.instant(), next);
      delay = untilNext.isNegative() ? Duration.ofSeconds(1) : untilNext.compareTo(resync) < 0 ? untilNext : resync;
    }
    return control.rescheduleAfter(delay);
  }

  ErrorStatusUpdateControl<SenderDomain> writeError(SenderDomain current, SenderDomainStatus status) {
    return same(current.getStatus(), status) ? ErrorStatusUpdateControl.noStatusUpdate()
        : ErrorStatusUpdateControl.patchStatus(fresh(current, status));
  }

  /** The gauges follow the status: what `kubectl get` shows is what Prometheus shows. */
  private void export(SenderDomain sd, SenderDomainStatus status) {
    String ns = sd.getMetadata().getNamespace();
    String name = sd.getMetadata().getName();
    metrics.ready(ns, name, status.conditions.stream()
        .anyMatch(c -> c.getType().equals(Conditions.READY) && "True".equals(c.getStatus())));
    if (status.dmarc != null) {
      metrics.dmarc(ns, name, status.dmarc.policy, status.dmarc.pct);
    }
    if (status.dkim != null && status.dkim.keys != null) {
      Instant now = clock.instant();
      status.dkim.keys.stream().filter(k -> k.since != null).forEach(k -> metrics.keyAge(ns, name, k.selector,
          k.algorithm, Math.max(0, Duration.between(Instant.parse(k.since), now).getSeconds())));
    }
  }

  /** A minimal object carrying only identity and status, so a patch can never touch the spec. */
  private static SenderDomain fresh(SenderDomain current, SenderDomainStatus status) {
    SenderDomain patch = new SenderDomain();
    patch.setMetadata(new ObjectMetaBuilder()
        .withName(current.getMetadata().getName())
        .withNamespace(current.getMetadata().getNamespace())
        .withResourceVersion(current.getMetadata().getResourceVersion())
        .build());
    patch.setStatus(status);
    return patch;
  }

  static boolean same(SenderDomainStatus a, SenderDomainStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    JsonNode x = Serialization.jsonMapper().valueToTree(a);
    JsonNode y = Serialization.jsonMapper().valueToTree(b);
    return Objects.equals(x, y);
  }
}
