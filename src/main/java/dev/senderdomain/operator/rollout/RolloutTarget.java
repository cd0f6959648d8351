package dev.senderdomain.operator.rollout;

import java.time.Instant;

/**
 * What the spec asks of the rollout, validated: stay at {@code p=none} until {@code start} (null:
 * forever), reach {@code targetPolicy} at 100% by {@code targetDate}. All instants are UTC.
 */
public record RolloutTarget(
    Instant start, DmarcPolicy targetPolicy, Instant targetDate, boolean paused) {
  /** Monitoring only: p=none for good. */
  public static RolloutTarget monitorOnly() {
    return new RolloutTarget(null, DmarcPolicy.NONE, null, false);
  }
}
