package dev.senderdomain.operator.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the spec asks of the rollout, validated: stay at {@code p=none} until {@code start} (null:
 * forever), reach {@code targetPolicy} at {@code targetPercent} by {@code targetDate}. All instants
 * are UTC. A plain value, so whatever reads the spec can produce it.
 *
 * @param targetPercent the {@code pct} the walk ends at (1..100); below 100 the final record keeps
 *     sampling RFC 7489 receivers (see docs/rollout.md for what RFC 9989 receivers do)
 * @param steps the percentages of each stage in ascending order (1..100), e.g. 1, 2, 5, 10, 25, 50,
 *     100; empty: the daily curve ({@link RolloutPath})
 * @param monitorFor how long {@code p=none} is held, counted from when it was first published,
 *     before the first enforcing step, so aggregate reports arrive before anything is enforced
 */
public record RolloutTarget(
    Instant start,
    DmarcPolicy targetPolicy,
    Instant targetDate,
    boolean paused,
    int targetPercent,
    List<Integer> steps,
    Duration monitorFor) {
  public static final int DEFAULT_TARGET_PERCENT = 100;
  public static final Duration DEFAULT_MONITOR_FOR = Duration.ofDays(7);

  public RolloutTarget {
    if (targetPercent < 1 || targetPercent > 100) {
      throw new IllegalArgumentException("targetPercent must be 1..100: " + targetPercent);
    }
    steps = steps == null ? List.of() : List.copyOf(steps);
    for (int i = 0; i < steps.size(); i++) {
      int p = steps.get(i);
      if (p < 1 || p > 100 || (i > 0 && p <= steps.get(i - 1))) {
        throw new IllegalArgumentException("steps must be ascending percentages 1..100: " + steps);
      }
    }
    if (monitorFor == null || monitorFor.isNegative()) {
      throw new IllegalArgumentException("monitorFor must not be negative: " + monitorFor);
    }
  }

  /** The defaults for everything the spec leaves out: 100%, the daily curve, 7 days' monitoring. */
  public RolloutTarget(
      Instant start, DmarcPolicy targetPolicy, Instant targetDate, boolean paused) {
    this(
        start,
        targetPolicy,
        targetDate,
        paused,
        DEFAULT_TARGET_PERCENT,
        List.of(),
        DEFAULT_MONITOR_FOR);
  }

  /** Monitoring only: p=none for good. */
  public static RolloutTarget monitorOnly() {
    return new RolloutTarget(null, DmarcPolicy.NONE, null, false);
  }

  /** Whether the target is p=none for good (no start, no target date, or target policy none). */
  public boolean monitorOnlyTarget() {
    return start == null || targetDate == null || targetPolicy == DmarcPolicy.NONE;
  }

  public RolloutTarget withPaused(boolean paused) {
    return new RolloutTarget(
        start, targetPolicy, targetDate, paused, targetPercent, steps, monitorFor);
  }

  public RolloutTarget withTarget(DmarcPolicy policy, int percent, Instant date) {
    return new RolloutTarget(start, policy, date, paused, percent, steps, monitorFor);
  }

  public RolloutTarget withSteps(List<Integer> steps) {
    return new RolloutTarget(
        start, targetPolicy, targetDate, paused, targetPercent, steps, monitorFor);
  }

  public RolloutTarget withMonitorFor(Duration monitorFor) {
    return new RolloutTarget(
        start, targetPolicy, targetDate, paused, targetPercent, steps, monitorFor);
  }
}
