package dev.senderdomain.operator.rollout;

import java.time.Instant;

/**
 * What the rollout has done so far, as kept in {@code status.dmarc}: the index of the step in effect and since when.
 * {@code null} fields mean nothing was published yet.
 */
public record RolloutState(Integer stepIndex, Instant since) {
  public static RolloutState initial() {
    return new RolloutState(null, null);
  }
}
