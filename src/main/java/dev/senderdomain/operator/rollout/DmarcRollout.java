package dev.senderdomain.operator.rollout;

import dev.senderdomain.operator.rollout.RolloutSchedule.Change;
import dev.senderdomain.operator.rollout.RolloutWarning.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The DMARC rollout as a pure function of (target, state, gate, now). The spec is never written:
 * all progress is the {@link RolloutState} the caller keeps in status. See docs/rollout.md and
 * {@link RolloutSchedule} for the rules.
 */
public final class DmarcRollout {
  private DmarcRollout() {}

  /** {@link #decide(RolloutTarget, RolloutState, GateStatus, Instant)} with an open gate. */
  public static RolloutDecision decide(RolloutTarget target, RolloutState state, Instant now) {
    return decide(target, state, GateStatus.OPEN, now);
  }

  /**
   * The step in effect at {@code now}. Never goes up by more than the schedule allows, never goes
   * down unless the target was lowered (then at once), holds while paused or while the gate is
   * held.
   */
  public static RolloutDecision decide(
      RolloutTarget target, RolloutState state, GateStatus gate, Instant now) {
    List<RolloutWarning> warnings = new ArrayList<>();
    int finalIndex = finalIndex(target);
    boolean known = state != null && state.known();
    if (finalIndex == DmarcLadder.MONITOR) {
      boolean same = known && state.stepIndex() == DmarcLadder.MONITOR;
      if (known && !same) {
        warnings.add(
            new RolloutWarning(
                Reason.STEPPED_DOWN,
                "the target is monitoring only (p=none): stepped down"
                    + " from "
                    + describe(DmarcLadder.step(state.stepIndex()))
                    + " at once"));
      }
      return new RolloutDecision(
          DmarcStep.MONITOR, "monitor", 0, same ? state.since() : now, null, null, warnings);
    }
    RolloutSchedule schedule = new RolloutSchedule(target);
    int current;
    Instant since;
    if (known) {
      current = state.stepIndex();
      // A since in the future (clock skew, hand edit) must not freeze the rollout.
      since = state.since().isAfter(now) ? now : state.since();
    } else {
      TimelinePoint nominal = stepAt(timeline(target), now);
      current = nominal.stepIndex();
      since = nominal.at() == null ? now : nominal.at();
      if (current > DmarcLadder.MONITOR) {
        warnings.add(
            new RolloutWarning(
                Reason.STATE_RECOVERED,
                "status.dmarc had no rollout step (new"
                    + " resource or status lost): starting at the step the schedule gives for now ("
                    + describe(nominal.step())
                    + ")"));
      }
    }
    if (current > finalIndex) {
      warnings.add(
          new RolloutWarning(
              Reason.STEPPED_DOWN,
              "the target was lowered to "
                  + target.targetPolicy().tag()
                  + ": stepped down from "
                  + describe(DmarcLadder.step(current))
                  + " at once"));
      return decision(finalIndex, finalIndex, now, null, now, warnings);
    }
    if (current == finalIndex) {
      return decision(current, finalIndex, since, null, since, warnings);
    }
    List<Change> plan = schedule.from(current, since, now);
    Change next = plan.get(0);
    boolean due = !next.at().isAfter(now);
    if (target.paused()) {
      warnings.add(
          new RolloutWarning(
              Reason.PAUSED,
              "rollout paused at "
                  + describe(DmarcLadder.step(current))
                  + "; if resumed now the target is expected at "
                  + last(plan).at()));
      return decision(current, finalIndex, since, null, last(plan).at(), warnings);
    }
    if (due && !gate.open()) {
      Instant retry = schedule.gridAfter(now);
      List<Change> projected = schedule.from(current, since, retry);
      warnings.add(
          new RolloutWarning(
              Reason.GATE_HELD,
              "report gate holds "
                  + describe(DmarcLadder.step(next.index()))
                  + ": "
                  + gate.reason()
                  + "; next check "
                  + retry));
      windowWarnings(target, current, projected, warnings);
      return decision(current, finalIndex, since, retry, last(projected).at(), warnings);
    }
    if (!gate.open()) {
      // Not due yet: say so now rather than only at the daily check, so the condition does not
      // flap.
      warnings.add(
          new RolloutWarning(
              Reason.GATE_HELD,
              "report gate would hold the next step ("
                  + describe(DmarcLadder.step(next.index()))
                  + " at "
                  + next.at()
                  + "): "
                  + gate.reason()));
    }
    if (due) {
      current = next.index();
      since = next.at();
      plan = plan.subList(1, plan.size());
    }
    windowWarnings(target, current, plan, warnings);
    Instant nextStepAt = plan.isEmpty() ? null : plan.get(0).at();
    Instant completion = plan.isEmpty() ? since : last(plan).at();
    return decision(current, finalIndex, since, nextStepAt, completion, warnings);
  }

  /**
   * Every change point of the plan for {@code target}, in order, starting with the monitoring step
   * (at null).
   */
  public static List<TimelinePoint> timeline(RolloutTarget target) {
    List<TimelinePoint> points = new ArrayList<>();
    points.add(new TimelinePoint(null, DmarcStep.MONITOR, DmarcLadder.MONITOR));
    if (finalIndex(target) == DmarcLadder.MONITOR) {
      return List.copyOf(points);
    }
    for (Change c : new RolloutSchedule(target).nominal()) {
      points.add(new TimelinePoint(c.at(), DmarcLadder.step(c.index()), c.index()));
    }
    return List.copyOf(points);
  }

  /**
   * The change points still ahead for a live rollout (first: the step in effect after deciding at
   * {@code now}), as they will happen if the gate stays open and the spec is not edited. For a new
   * resource this is the tail of {@link #timeline(RolloutTarget)}.
   */
  public static List<TimelinePoint> timeline(
      RolloutTarget target, RolloutState state, Instant now) {
    RolloutDecision d = decide(target, state, now);
    List<TimelinePoint> points = new ArrayList<>();
    points.add(new TimelinePoint(d.since(), d.step(), d.stepIndex()));
    if (d.nextStepAt() != null) {
      for (Change c : new RolloutSchedule(target).from(d.stepIndex(), d.since(), d.nextStepAt())) {
        points.add(new TimelinePoint(c.at(), DmarcLadder.step(c.index()), c.index()));
      }
    }
    return List.copyOf(points);
  }

  /**
   * The point of {@code timeline} in effect at {@code at}: the last one whose time is not after it.
   */
  public static TimelinePoint stepAt(List<TimelinePoint> timeline, Instant at) {
    TimelinePoint inEffect = timeline.get(0);
    for (TimelinePoint p : timeline) {
      if (p.at() == null || !p.at().isAfter(at)) {
        inEffect = p;
      }
    }
    return inEffect;
  }

  /**
   * From {@code at} (null: from the beginning) the step is {@code step}, ladder index {@code
   * stepIndex}.
   */
  public record TimelinePoint(Instant at, DmarcStep step, int stepIndex) {}

  /** The ladder index of the target policy at 100%. */
  public static int finalIndex(RolloutTarget target) {
    if (target.start() == null || target.targetDate() == null) {
      return DmarcLadder.MONITOR;
    }
    return DmarcLadder.finalIndex(target.targetPolicy());
  }

  private static void windowWarnings(
      RolloutTarget target, int current, List<Change> plan, List<RolloutWarning> out) {
    if (plan.isEmpty()) {
      return;
    }
    int skipped = 0;
    int previous = current;
    for (Change c : plan) {
      skipped += c.index() - previous - 1;
      previous = c.index();
    }
    Instant completion = last(plan).at();
    if (completion.isAfter(target.targetDate())) {
      out.add(
          new RolloutWarning(
              Reason.TARGET_DATE_MISSED,
              "one change a day cannot reach "
                  + target.targetPolicy().tag()
                  + " by "
                  + target.targetDate()
                  + ": expected at "
                  + completion));
    } else if (skipped > 0) {
      out.add(
          new RolloutWarning(
              Reason.WINDOW_COMPRESSED,
              "the window to "
                  + target.targetDate()
                  + " has fewer days"
                  + " than the rollout has steps: "
                  + skipped
                  + " intermediate percentage step(s) skipped"));
    }
  }

  private static RolloutDecision decision(
      int index,
      int finalIndex,
      Instant since,
      Instant next,
      Instant completion,
      List<RolloutWarning> warnings) {
    return new RolloutDecision(
        DmarcLadder.step(index),
        DmarcLadder.stage(index, finalIndex),
        index,
        since,
        next,
        completion,
        warnings);
  }

  private static Change last(List<Change> plan) {
    return plan.get(plan.size() - 1);
  }

  static String describe(DmarcStep step) {
    StringBuilder sb = new StringBuilder("p=").append(step.policy().tag());
    if (step.pct() < 100) {
      sb.append(" pct=").append(step.pct());
    }
    if (step.testing()) {
      sb.append(" t=y");
    }
    return sb.toString();
  }
}
