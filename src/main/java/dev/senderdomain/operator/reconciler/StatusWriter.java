package dev.senderdomain.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a status into the reconcile result: a status write only when the status changed (a resync
 * of an unchanged domain writes nothing), and a reschedule for the next time something is due,
 * capped by the resync interval so drift is repaired.
 */
public class StatusWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private final Clock clock;
  private final Duration resync;
  private final OperatorMetrics metrics;

  public StatusWriter(Clock clock, Duration resync, OperatorMetrics metrics) {
    this.clock = clock;
    this.resync = resync;
    this.metrics = metrics;
  }

  UpdateControl<SenderDomain> write(
      SenderDomain current,
      Context<SenderDomain> context,
      SenderDomainStatus status,
      Instant next) {
    export(current, status);
    status.keepUnknownFieldsOf(current.getStatus());
    if (!same(current.getStatus(), status)) {
      store(current, context, status);
    }
    UpdateControl<SenderDomain> control = UpdateControl.noUpdate();
    Duration delay = resync;
    if (next != null) {
      Duration untilNext = Duration.between(clock.instant(), next);
      delay =
          untilNext.isNegative()
              ? Duration.ofSeconds(1)
              : untilNext.compareTo(resync) < 0 ? untilNext : resync;
    }
    return control.rescheduleAfter(delay);
  }

  ErrorStatusUpdateControl<SenderDomain> writeError(
      SenderDomain current, Context<SenderDomain> context, SenderDomainStatus status) {
    status.keepUnknownFieldsOf(current.getStatus());
    if (!same(current.getStatus(), status)) {
      try {
        store(current, context, status);
      } catch (RuntimeException e) {
        // The reconcile is retried anyway; the error it reports must not be replaced by this one.
        LOG.warn(
            "could not write the error status of {}/{}: {}",
            current.getMetadata().getNamespace(),
            current.getMetadata().getName(),
            e.getClass().getSimpleName());
      }
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Replaces the status (PUT /status) carrying the resourceVersion this reconcile read, and hands
   * the result to JOSDK's cache so the next reconcile sees it even before the watch event arrives.
   * Not JOSDK's non-SSA patchStatus: that sends a JSON Patch diffed against the informer's copy
   * without the resourceVersion, which fails to apply (or applies to a different list element) when
   * that copy is older than the stored status, and status is where the rollout keeps its state. A
   * conflict (409) makes JOSDK's helper retry on the newer cached copy.
   */
  private static void store(
      SenderDomain current, Context<SenderDomain> context, SenderDomainStatus status) {
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        current,
        context,
        r -> {
          // On a conflict this runs again on the newer copy: what a newer version wrote into that
          // copy's status since this reconcile read it is kept too.
          status.keepUnknownFieldsOf(r.getStatus());
          r.setStatus(status);
          return r;
        });
  }

  /** The gauges follow the status: what `kubectl get` shows is what Prometheus shows. */
  private void export(SenderDomain sd, SenderDomainStatus status) {
    String ns = sd.getMetadata().getNamespace();
    String name = sd.getMetadata().getName();
    metrics.ready(
        ns,
        name,
        status.conditions.stream()
            .anyMatch(c -> c.getType().equals(Conditions.READY) && "True".equals(c.getStatus())));
    if (status.dmarc != null) {
      metrics.dmarc(ns, name, status.dmarc.policy, status.dmarc.pct);
    }
    if (status.dkim != null && status.dkim.keys != null) {
      Instant now = clock.instant();
      status.dkim.keys.stream()
          .filter(k -> k.since != null)
          .forEach(
              k ->
                  metrics.keyAge(
                      ns,
                      name,
                      k.selector,
                      k.algorithm,
                      Math.max(0, Duration.between(Instant.parse(k.since), now).getSeconds())));
    }
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
