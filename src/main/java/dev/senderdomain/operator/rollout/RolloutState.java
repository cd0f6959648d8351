package dev.senderdomain.operator.rollout;

import java.time.Instant;

/**
 * What the rollout has done so far, as kept in {@code status.dmarc}: the {@link DmarcLadder} index
 * of the step in effect and since when. {@code null} fields mean nothing is known (new resource, or
 * status wiped).
 */
public record RolloutState(Integer stepIndex, Instant since) {
  public static RolloutState initial() {
    return new RolloutState(null, null);
  }

  /** Whether both fields are present and the index is on the ladder. */
  public boolean known() {
    return stepIndex != null && since != null && DmarcLadder.valid(stepIndex);
  }
}
