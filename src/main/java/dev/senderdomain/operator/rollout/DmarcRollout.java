package dev.senderdomain.operator.rollout;

import java.time.Instant;
import java.util.List;

/** The DMARC rollout as a pure function of (target, state, now). */
public final class DmarcRollout {
  private DmarcRollout() {}

  /** The step in effect at {@code now}. Simplest correct form: monitor before start, the full target after. */
  public static RolloutDecision decide(RolloutTarget target, RolloutState state, Instant now) {
    if (target.start() == null || target.targetPolicy() == DmarcPolicy.NONE || now.isBefore(target.start())) {
      Instant next = target.start() != null && target.targetPolicy() != DmarcPolicy.NONE ? target.start() : null;
      return new RolloutDecision(DmarcStep.MONITOR, "monitor", 0, next, target.targetDate(), List.of());
    }
    return new RolloutDecision(DmarcStep.full(target.targetPolicy()), "complete", 1, null, target.targetDate(), List.of());
  }

  /** Every change point, in order, starting with the monitoring step. */
  public static List<TimelinePoint> timeline(RolloutTarget target) {
    if (target.start() == null || target.targetPolicy() == DmarcPolicy.NONE) {
      return List.of(new TimelinePoint(null, DmarcStep.MONITOR));
    }
    return List.of(new TimelinePoint(null, DmarcStep.MONITOR), new TimelinePoint(target.start(),
        DmarcStep.full(target.targetPolicy())));
  }

  /** From {@code at} (null: from the beginning) the step is {@code step}. */
  public record TimelinePoint(Instant at, DmarcStep step) {}
}
