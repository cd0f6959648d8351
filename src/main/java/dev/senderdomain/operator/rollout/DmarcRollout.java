package dev.senderdomain.operator.rollout;

import dev.senderdomain.operator.rollout.RolloutSchedule.Change;
import dev.senderdomain.operator.rollout.RolloutWarning.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The DMARC rollout as a pure function of (target, published step, gate, now). The spec is never
 * written: all progress is the {@link RolloutState} the caller keeps in status (or reads back from
 * the served record). See docs/rollout.md, {@link RolloutPath} and {@link RolloutSchedule} for the
 * rules.
 */
public final class DmarcRollout {
  private DmarcRollout() {}

  /** {@link #decide(RolloutTarget, RolloutState, GateStatus, Instant)} with an open gate. */
  public static RolloutDecision decide(RolloutTarget target, RolloutState state, Instant now) {
    return decide(target, state, GateStatus.OPEN, now);
  }

  /**
   * The step to publish at {@code now}, walking on from the published one. Never goes up by more
   * than the schedule allows, never goes down unless the target was lowered (then at once), holds
   * while paused or while the gate is held. Nothing published: {@code p=none}, held for {@code
   * monitorFor} before the ramp starts.
   */
  public static RolloutDecision decide(
      RolloutTarget target, RolloutState state, GateStatus gate, Instant now) {
    List<RolloutWarning> warnings = new ArrayList<>();
    RolloutPath path = new RolloutPath(target);
    DmarcStep current = state == null || state.step() == null ? DmarcStep.MONITOR : state.step();
    // Unknown (read back from DNS) or in the future (clock skew, hand edit): count from now.
    Instant since =
        state == null || state.since() == null || state.since().isAfter(now) ? now : state.since();
    if (state != null
        && state.known()
        && state.since() == null
        && !current.equals(DmarcStep.MONITOR)) {
      warnings.add(
          new RolloutWarning(
              Reason.STATE_RECOVERED,
              "status.dmarc had no rollout step (new resource or status lost): resuming from the"
                  + " published _dmarc record ("
                  + current.describe()
                  + ")"));
    }
    if (path.beyond(current)) {
      warnings.add(
          new RolloutWarning(
              Reason.STEPPED_DOWN,
              (target.monitorOnlyTarget()
                      ? "the target is monitoring only (p=none)"
                      : "the target was lowered to " + describe(path.finalStep()))
                  + ": stepped down from "
                  + current.describe()
                  + " at once"));
      return decision(path, path.finalStep(), now, null, completion(target, now), warnings);
    }
    if (path.isFinal(current)) {
      return decision(path, current, since, null, completion(target, since), warnings);
    }
    RolloutSchedule schedule = new RolloutSchedule(target, path);
    Change next = schedule.next(current, since, now);
    boolean due = !next.at().isAfter(now);
    if (target.paused()) {
      warnings.add(
          new RolloutWarning(
              Reason.PAUSED,
              "rollout paused at "
                  + current.describe()
                  + "; if resumed now the target is expected at "
                  + schedule.completion(next)));
      return decision(path, current, since, null, schedule.completion(next), warnings);
    }
    if (due && !gate.open()) {
      Instant retry = schedule.gridAfter(now);
      Change projected = schedule.next(current, since, retry);
      warnings.add(
          new RolloutWarning(
              Reason.GATE_HELD,
              "report gate holds "
                  + next.step().describe()
                  + ": "
                  + gate.reason()
                  + "; next check "
                  + retry));
      windowWarnings(target, path, schedule, projected, warnings);
      return decision(path, current, since, retry, schedule.completion(projected), warnings);
    }
    if (!gate.open()) {
      // Not due yet: say so now rather than only at the daily check, so the condition does not
      // flap.
      warnings.add(
          new RolloutWarning(
              Reason.GATE_HELD,
              "report gate would hold the next step ("
                  + next.step().describe()
                  + " at "
                  + next.at()
                  + "): "
                  + gate.reason()));
    }
    if (due) {
      current = next.step();
      since = next.at();
      next = schedule.after(next);
    }
    if (next == null) {
      return decision(path, current, since, null, since, warnings);
    }
    windowWarnings(target, path, schedule, next, warnings);
    return decision(path, current, since, next.at(), schedule.completion(next), warnings);
  }

  /**
   * Every change point of the plan for {@code target} when {@code p=none} has been published long
   * enough before start, in order, starting with the monitoring step (at null).
   */
  public static List<TimelinePoint> timeline(RolloutTarget target) {
    List<TimelinePoint> points = new ArrayList<>();
    points.add(new TimelinePoint(null, DmarcStep.MONITOR));
    if (target.monitorOnlyTarget()) {
      return List.copyOf(points);
    }
    for (Change c : new RolloutSchedule(target, new RolloutPath(target)).nominal()) {
      points.add(new TimelinePoint(c.at(), c.step()));
    }
    return List.copyOf(points);
  }

  /**
   * The change points from {@code now} on for a rollout walking from {@code state} (nothing
   * published: a new domain applied now), as they will happen if the gate stays open and the spec
   * is not edited. The first point (at null) is the step in effect after deciding at {@code now};
   * {@code plan} prints this list and reads {@code --at} from it, so it agrees with the operator.
   */
  public static List<TimelinePoint> timeline(
      RolloutTarget target, RolloutState state, Instant now) {
    RolloutDecision d = decide(target, state, now);
    List<TimelinePoint> points = new ArrayList<>();
    points.add(new TimelinePoint(null, d.step()));
    if (d.nextStepAt() != null) {
      RolloutSchedule schedule = new RolloutSchedule(target, new RolloutPath(target));
      for (Change c : schedule.chain(schedule.next(d.step(), d.since(), d.nextStepAt()))) {
        points.add(new TimelinePoint(c.at(), c.step()));
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

  /** From {@code at} (null: from before the first change) the step is {@code step}. */
  public record TimelinePoint(Instant at, DmarcStep step) {}

  /** monitor, quarantine, reject or complete (the target reached) for a step walking to target. */
  public static String stage(RolloutTarget target, DmarcStep step) {
    if (step.policy() == DmarcPolicy.NONE) {
      return "monitor";
    }
    return new RolloutPath(target).isFinal(step) ? "complete" : step.policy().tag();
  }

  private static void windowWarnings(
      RolloutTarget target,
      RolloutPath path,
      RolloutSchedule schedule,
      Change next,
      List<RolloutWarning> out) {
    Instant completion = schedule.completion(next);
    int skipped = schedule.skipped(next);
    if (completion.isAfter(target.targetDate())) {
      out.add(
          new RolloutWarning(
              Reason.TARGET_DATE_MISSED,
              "one change a day cannot reach "
                  + describe(path.finalStep())
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
                  + " has fewer days than the rollout has steps: "
                  + skipped
                  + (path.stepsList()
                      ? " percentage step(s) of spec.dmarc.rollout.steps skipped"
                      : " step(s) of the doubling curve skipped, some steps more than double")));
    }
  }

  private static RolloutDecision decision(
      RolloutPath path,
      DmarcStep step,
      Instant since,
      Instant next,
      Instant completion,
      List<RolloutWarning> warnings) {
    String stage =
        step.policy() == DmarcPolicy.NONE
            ? "monitor"
            : path.isFinal(step) ? "complete" : step.policy().tag();
    return new RolloutDecision(step, stage, since, next, completion, warnings);
  }

  /** When the target is in effect if it already is at {@code at}: null for monitoring only. */
  private static Instant completion(RolloutTarget target, Instant at) {
    return target.monitorOnlyTarget() ? null : at;
  }

  /** A step as people read the target: {@code p=quarantine pct=50}, without t=y. */
  static String describe(DmarcStep step) {
    return step.policy() == DmarcPolicy.NONE
        ? "p=none"
        : "p=" + step.policy().tag() + (step.pct() < 100 ? " pct=" + step.pct() : "");
  }
}
