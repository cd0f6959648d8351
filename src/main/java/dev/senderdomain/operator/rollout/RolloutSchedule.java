package dev.senderdomain.operator.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When the remaining changes of a rollout fall ({@link RolloutPath} says which steps). Pure; every
 * timing rule is here.
 *
 * <ul>
 *   <li>Changes fall on the <em>grid</em>: {@code start + k days}, the time of day of {@code start}
 *       (00:00 UTC for a date). Receivers send aggregate reports per UTC day (RFC 7489 7.2) and
 *       resolvers cache the record for its TTL, so a faster cadence would change the record before
 *       anyone could observe the previous step.
 *   <li>The first enforcing step comes no sooner than {@code monitorFor} after {@code p=none} took
 *       effect, and not before {@code start}.
 *   <li>Spacing is defined recursively: from step {@code a} taken at grid instant {@code A}, with
 *       {@code S} whole days left until the target date and {@code k} steps to go on the path that
 *       fits {@code S}, the next step comes after {@code ceil(S/k)} days. Because the rule only
 *       looks at (step, when it was taken, target), re-planning from any state that followed the
 *       plan reproduces the same plan exactly: the timeline, {@code plan --at} and the reconciler
 *       can never disagree. Rounding up gives the early (small) percentages the spare days.
 *   <li>Fewer days than even the doubling curve (or the steps list) needs: one change per day,
 *       skipping steps but never a stage's 100% step (a stage's enforcement never starts before the
 *       previous one was in full effect). Fewer days than the 100% steps: one of those per day,
 *       finishing after the target date.
 *   <li>A step that is more than {@link #LATE_TOLERANCE} overdue (pause, closed gate, operator
 *       down, target raised) is not taken in a burst: the remaining steps are re-spread from the
 *       next grid instant.
 * </ul>
 */
final class RolloutSchedule {
  static final Duration DAY = Duration.ofDays(1);

  /** How late a reconcile may run and still take the step due at a grid instant as scheduled. */
  static final Duration LATE_TOLERANCE = Duration.ofHours(1);

  /**
   * {@code step} takes effect at {@code at}; {@code skipped} steps of the path were left out to fit
   * a short window; {@code fits}: the whole path from here fits the days left, one change a day at
   * most, so the walk ends on the last daily instant before the target date and skips nothing.
   */
  record Change(DmarcStep step, Instant at, int skipped, boolean fits) {}

  private final Instant start;
  private final Instant deadline;
  private final Duration monitorFor;
  private final RolloutPath path;

  /** Requires a target with a start, a target date and a policy above none. */
  RolloutSchedule(RolloutTarget target, RolloutPath path) {
    this.start = target.start();
    this.deadline = target.targetDate();
    this.monitorFor = target.monitorFor();
    this.path = path;
  }

  /** Every change from {@code p=none} published long enough before start: the first at start. */
  List<Change> nominal() {
    return chain(firstChange(DmarcStep.MONITOR, start));
  }

  /**
   * The next change after step {@code current}, in effect since {@code since}, seen at {@code now}:
   * at or before {@code now} when it is due; null when {@code current} is the target.
   */
  Change next(DmarcStep current, Instant since, Instant now) {
    if (path.isFinal(current)) {
      return null;
    }
    Instant anchor = gridCeil(since);
    boolean monitoring = current.policy() == DmarcPolicy.NONE;
    Change first;
    if (!monitoring && !anchor.isBefore(start)) {
      first = nextRegular(current, anchor);
    } else if (monitoring) {
      first = firstChange(current, max(start, gridCeil(since.plus(monitorFor))));
    } else {
      // start moved later than the step in effect: the walk holds it until the new start.
      first = firstChange(current, max(start, anchor.plus(DAY)));
    }
    if (!first.at().plus(LATE_TOLERANCE).isAfter(now)) {
      Instant t0 = gridCeil(now.minus(LATE_TOLERANCE).plusNanos(1));
      first = firstChange(current, max(t0, anchor.plus(DAY)));
    }
    return first;
  }

  /** The change after {@code c}, null when {@code c} reaches the target. */
  Change after(Change c) {
    return path.isFinal(c.step()) ? null : nextRegular(c.step(), c.at());
  }

  /** {@code first} and every change after it, up to the target. */
  List<Change> chain(Change first) {
    List<Change> changes = new ArrayList<>();
    for (Change c = first; c != null; c = after(c)) {
      changes.add(c);
    }
    return changes;
  }

  /**
   * When the walk from {@code c} on reaches the target. A walk that fits ends on the last daily
   * instant before the target date (the spacing rule puts the last step there), so only a
   * compressed one needs to be walked.
   */
  Instant completion(Change c) {
    if (path.isFinal(c.step())) {
      return c.at();
    }
    if (c.fits()) {
      return c.at().plus(DAY.multipliedBy(Math.max(0, wholeDays(c.at(), deadline))));
    }
    List<Change> all = chain(c);
    return all.get(all.size() - 1).at();
  }

  /** How many steps of the path the walk from {@code c} on leaves out (0 when it fits). */
  int skipped(Change c) {
    return c.fits() ? 0 : chain(c).stream().mapToInt(Change::skipped).sum();
  }

  /** The smallest grid instant at or after {@code t}. */
  Instant gridCeil(Instant t) {
    Duration d = Duration.between(start, t);
    long seconds = d.toSeconds();
    boolean exact = d.equals(Duration.ofSeconds(seconds)) && seconds % DAY.toSeconds() == 0;
    long days = Math.floorDiv(seconds, DAY.toSeconds()) + (exact ? 0 : 1);
    return start.plus(DAY.multipliedBy(days));
  }

  /** The first grid instant strictly after {@code t}: the next daily check. */
  Instant gridAfter(Instant t) {
    return gridCeil(t.plusNanos(1));
  }

  /**
   * The change after step {@code from} taken at grid instant {@code anchor}: a day later or more.
   */
  private Change nextRegular(DmarcStep from, Instant anchor) {
    long slots = Math.max(0, wholeDays(anchor, deadline));
    List<DmarcStep> ladder = path.fitting(from, slots);
    if (slots >= ladder.size()) {
      long gap = ceilDiv(slots, ladder.size());
      return new Change(ladder.get(0), anchor.plus(DAY.multipliedBy(gap)), 0, true);
    }
    return pick(from, ladder, slots, anchor.plus(DAY));
  }

  /** A change at {@code t0} itself, planned with the slots t0, t0+1d, ... up to the deadline. */
  private Change firstChange(DmarcStep from, Instant t0) {
    long slots = Math.max(0, wholeDays(t0, deadline) + 1);
    List<DmarcStep> ladder = path.fitting(from, slots);
    return slots >= ladder.size()
        ? new Change(ladder.get(0), t0, 0, true)
        : pick(from, ladder, slots, t0);
  }

  /**
   * The step to take at {@code at} when {@code slots} daily changes cannot hold the whole {@code
   * ladder}: share the slots between this stage and the later ones in proportion to their steps,
   * then within the stage start at its first step and space the rest evenly.
   */
  private Change pick(DmarcStep from, List<DmarcStep> ladder, long slots, Instant at) {
    int stageEnd = 0;
    while (!path.stageEnd(ladder.get(stageEnd))) {
      stageEnd++;
    }
    long mandatory = ladder.stream().filter(path::stageEnd).count();
    int here = stageEnd + 1;
    int later = ladder.size() - here;
    int chosen;
    if (slots < mandatory) {
      chosen = stageEnd;
    } else {
      long budget = Math.round((double) slots * here / (here + later));
      budget = Math.max(budget, slots - later);
      budget = Math.min(budget, slots - (later > 0 ? 1 : 0));
      budget = Math.max(1, Math.min(budget, here));
      if (budget == 1) {
        chosen = stageEnd;
      } else if (budget >= here || path.stageStart(from)) {
        chosen = 0;
      } else {
        chosen = (int) (here / budget) - 1;
      }
    }
    return new Change(ladder.get(chosen), at, chosen, false);
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
