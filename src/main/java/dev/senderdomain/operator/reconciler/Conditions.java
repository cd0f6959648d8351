package dev.senderdomain.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place conditions are made: every condition carries the observed generation, a reason from
 * {@link Reason} and a message, and keeps its {@code lastTransitionTime} when its status did not
 * flip, so a resync of an unchanged resource produces an identical status and no write.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String KEYS_READY = "KeysReady";
  public static final String RECORDS_PUBLISHED = "RecordsPublished";
  public static final String RECORDS_VERIFIED = "RecordsVerified";
  public static final String ROLLOUT = "RolloutProgressing";
  public static final String SPF_VALID = "SpfWithinLimits";

  private final List<Condition> previous;
  private final long generation;
  private final Instant now;
  private final List<Condition> result = new ArrayList<>();

  public Conditions(List<Condition> previous, Long generation, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation == null ? 0 : generation;
    this.now = now;
  }

  public Conditions set(String type, boolean status, Reason reason, String message) {
    return set(type, status ? "True" : "False", reason, message);
  }

  /**
   * Neither healthy nor failed: waiting for something outside the operator (Argo CD shows
   * Progressing).
   */
  public Conditions unknown(String type, Reason reason, String message) {
    return set(type, "Unknown", reason, message);
  }

  private Conditions set(String type, String s, Reason reason, String message) {
    String since =
        previous.stream()
            .filter(c -> c.getType().equals(type) && Objects.equals(c.getStatus(), s))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElse(now.toString());
    result.removeIf(c -> c.getType().equals(type));
    result.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(s)
            .withReason(reason.name())
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build());
    return this;
  }

  /**
   * Carries a condition over unchanged from the previous status (used when a step was not
   * evaluated); one already set in this reconcile stays as set.
   */
  public Conditions keep(String type) {
    if (result.stream().anyMatch(c -> c.getType().equals(type))) {
      return this;
    }
    previous.stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .ifPresent(
            c -> {
              result.removeIf(r -> r.getType().equals(type));
              result.add(c);
            });
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(result);
  }
}
