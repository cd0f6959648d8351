package dev.senderdomain.operator.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the remaining changes of a rollout fall. Pure; every rule is here.
 *
 * <ul>
 *   <li>Changes fall on the <em>grid</em>: {@code start + k days}, the time of day of {@code start}
 *       (00:00 UTC for a date). Receivers send aggregate reports per UTC day (RFC 7489 7.2) and
 *       resolvers cache the record for its TTL, so a faster cadence would change the record before
 *       anyone could observe the previous step.
 *   <li>Spacing is defined recursively: from step {@code a} taken at grid instant {@code A}, with
 *       {@code S} whole days left until the target date and {@code k} ladder steps to go, the next
 *       step is {@code a+1} after {@code ceil(S/k)} days. Because the rule only looks at (step,
 *       when it was taken), re-planning from any state that followed the plan reproduces the same
 *       plan exactly: the timeline, {@code plan --at} and the reconciler can never disagree.
 *       Rounding up gives the early (small) percentages the extra days.
 *   <li>Fewer days than steps: one change per day, skipping percentages but never a stage's 100%
 *       step (a stage's enforcement never starts before the previous one was in full effect).
 *   <li>Fewer days than even the 100% steps need: one of those per day, finishing after the target
 *       date.
 *   <li>A step that is more than {@link #LATE_TOLERANCE} overdue (pause, closed gate, operator
 *       down, target raised) is not taken in a burst: the remaining steps are re-spread from the
 *       next grid instant.
 * </ul>
 */
final class RolloutSchedule {
  static final Duration DAY = Duration.ofDays(1);

  /** How late a reconcile may run and still take the step due at a grid instant as scheduled. */
  static final Duration LATE_TOLERANCE = Duration.ofHours(1);

  /** The ladder step {@code index} takes effect at {@code at}. */
  record Change(int index, Instant at) {}

  private final Instant start;
  private final Instant deadline;
  private final int finalIndex;

  /** Requires a target with a start, a target date and a policy above none. */
  RolloutSchedule(RolloutTarget target) {
    this.start = target.start();
    this.deadline = target.targetDate();
    this.finalIndex = DmarcLadder.finalIndex(target.targetPolicy());
  }

  /** Every change from the monitoring step: the first one at {@code start}. */
  List<Change> nominal() {
    return chain(firstChange(DmarcLadder.MONITOR, start));
  }

  /**
   * The remaining changes after step {@code current}, in effect since {@code since}, seen at {@code
   * now}. The first change may be at or before {@code now} (then it is due); empty when {@code
   * current} is the final step.
   */
  List<Change> from(int current, Instant since, Instant now) {
    if (current >= finalIndex) {
      return List.of();
    }
    Instant anchor = gridCeil(since);
    Change first;
    if (current > DmarcLadder.MONITOR && !anchor.isBefore(start)) {
      first = nextRegular(current, anchor);
    } else {
      // Not started yet (or start moved later than the step in effect): the walk (re)starts at
      // start.
      Instant t0 = current > DmarcLadder.MONITOR ? max(start, anchor.plus(DAY)) : start;
      first = firstChange(current, t0);
    }
    if (!first.at().plus(LATE_TOLERANCE).isAfter(now)) {
      Instant t0 = gridCeil(now.minus(LATE_TOLERANCE).plusNanos(1));
      first = firstChange(current, max(t0, gridCeil(since).plus(DAY)));
    }
    return chain(first);
  }

  /** The smallest grid instant at or after {@code t}. */
  Instant gridCeil(Instant t) {
    long seconds = Duration.between(start, t).toSeconds();
    boolean exact =
        Duration.between(start, t).equals(Duration.ofSeconds(seconds))
            && seconds % DAY.toSeconds() == 0;
    long days = Math.floorDiv(seconds, DAY.toSeconds()) + (exact ? 0 : 1);
    return start.plus(DAY.multipliedBy(days));
  }

  /** The first grid instant strictly after {@code t}: the next daily check. */
  Instant gridAfter(Instant t) {
    return gridCeil(t.plusNanos(1));
  }

  private List<Change> chain(Change first) {
    List<Change> changes = new ArrayList<>();
    changes.add(first);
    Change last = first;
    while (last.index() < finalIndex) {
      last = nextRegular(last.index(), last.at());
      changes.add(last);
    }
    return changes;
  }

  /**
   * The change after step {@code from} taken at grid instant {@code anchor}: never sooner than a
   * day later.
   */
  private Change nextRegular(int from, Instant anchor) {
    long slots = Math.max(0, wholeDays(anchor, deadline));
    int steps = finalIndex - from;
    int index = pick(from, slots);
    long gap = slots >= steps ? ceilDiv(slots, steps) : 1;
    return new Change(index, anchor.plus(DAY.multipliedBy(gap)));
  }

  /** A change at {@code t0} itself, planned with the slots t0, t0+1d, ... up to the deadline. */
  private Change firstChange(int from, Instant t0) {
    long slots = Math.max(0, wholeDays(t0, deadline) + 1);
    return new Change(pick(from, slots), t0);
  }

  /**
   * The ladder index to go to from {@code from} with {@code slots} daily changes left before the
   * deadline.
   */
  private int pick(int from, long slots) {
    int steps = finalIndex - from;
    if (slots >= steps) {
      return from + 1;
    }
    int mandatory = DmarcLadder.stageEndsBetween(from, finalIndex);
    int stageEnd = DmarcLadder.nextStageEnd(from);
    if (slots < mandatory) {
      return stageEnd;
    }
    // Compressed: share the slots between this stage and the next in proportion to their steps,
    // then within the
    // stage start at 1% and space the rest evenly.
    int here = stageEnd - from;
    int later = finalIndex - stageEnd;
    long budget = Math.round((double) slots * here / (here + later));
    budget = Math.max(budget, slots - later);
    budget = Math.min(budget, slots - (later > 0 ? 1 : 0));
    budget = Math.max(1, Math.min(budget, here));
    if (budget == 1) {
      return stageEnd;
    }
    if (budget >= here || DmarcLadder.stageStart(from)) {
      return from + 1;
    }
    return from + (int) (here / budget);
  }

  private static long wholeDays(Instant from, Instant to) {
    return Math.floorDiv(Duration.between(from, to).toSeconds(), DAY.toSeconds());
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
