package dev.senderdomain.operator.rollout;

import static dev.senderdomain.operator.rollout.DmarcPolicy.NONE;
import static dev.senderdomain.operator.rollout.DmarcPolicy.QUARANTINE;
import static dev.senderdomain.operator.rollout.DmarcPolicy.REJECT;

import java.util.ArrayList;
import java.util.List;

/**
 * Which steps lead from a published step to the target; {@link RolloutSchedule} decides when. Pure.
 *
 * <p>The records follow the stages of docs/rollout.md: {@code p=none}, the quarantine ramp with
 * {@code t=y} (RFC 9989 receivers, which ignore pct, stay in test mode), full quarantine, the
 * reject ramp without {@code t=y} (with it, RFC 9989 receivers would fall back from full
 * quarantine), full reject. A stage always ends at its 100% step before the next one starts, and
 * the walk ends at the target policy at {@code targetPercent}. A walk resumed from a record the
 * operator did not write keeps what it finds: a quarantine ramp published without {@code t=y}
 * continues without it.
 *
 * <p>Within a stage the percentages come from the user's {@code steps} list, or from the daily
 * curve: from 1%, each step multiplies by a growth factor g in [1, 2] and adds at least one point,
 * {@code next = max(p + 1, round(p * g))}. The curve starts small and no step more than doubles; g
 * is the smallest that fits the days left, so that the record changes every day the window allows
 * (a 90-day window to reject goes 1, 2, 3 .. 16 points a day at first, then 17, 18, 20, 21, 23 ..
 * 94, 100). The factor is chosen again at every step from the step in effect and the days left,
 * which is what lets {@code plan}, {@code plan --at} and the operator compute the same walk.
 */
final class RolloutPath {
  /** Growth factors in thousandths: +1 point a step .. doubling. */
  static final int SLOWEST = 1000;

  static final int FASTEST = 2000;

  private final DmarcPolicy policy;
  private final int percent;
  private final List<Integer> steps;

  RolloutPath(RolloutTarget target) {
    this.policy = target.monitorOnlyTarget() ? NONE : target.targetPolicy();
    this.percent = policy == NONE ? 100 : target.targetPercent();
    this.steps = target.steps();
  }

  /** The target as published: below 100% a quarantine target keeps {@code t=y}. */
  DmarcStep finalStep() {
    return switch (policy) {
      case NONE -> DmarcStep.MONITOR;
      case QUARANTINE -> new DmarcStep(QUARANTINE, percent, percent < 100);
      case REJECT -> new DmarcStep(REJECT, percent, false);
    };
  }

  /** Whether {@code s} is the target (a quarantine target below 100% with or without t=y). */
  boolean isFinal(DmarcStep s) {
    if (s.policy() != policy) {
      return false;
    }
    return policy == NONE
        || (s.pct() == percent && !(s.testing() && (policy == REJECT || percent == 100)));
  }

  /** Whether {@code s} enforces more than the target: the target was lowered, step down at once. */
  boolean beyond(DmarcStep s) {
    int byPolicy = s.policy().compareTo(policy);
    return byPolicy > 0 || (byPolicy == 0 && policy != NONE && s.pct() > percent);
  }

  /** A step the walk never skips: full quarantine on the way to reject, and the target. */
  boolean stageEnd(DmarcStep s) {
    return isFinal(s)
        || (policy == REJECT && s.policy() == QUARANTINE && s.pct() == 100 && !s.testing());
  }

  /** Whether the step after {@code s} is the first of a stage. */
  boolean stageStart(DmarcStep s) {
    return s.policy() == NONE || stageEnd(s);
  }

  /** Whether the percentages are the user's list (else the daily curve). */
  boolean stepsList() {
    return !steps.isEmpty();
  }

  /**
   * The steps after {@code from} up to the target, for at most {@code slots} daily changes when
   * that is possible: the user's list, or the curve with the slowest growth that fits. When not
   * even doubling fits, the doubling ladder (the caller then skips steps: WindowCompressed).
   */
  List<DmarcStep> fitting(DmarcStep from, long slots) {
    if (stepsList() || length(from, FASTEST) > slots) {
      return ladder(from, FASTEST);
    }
    int lo = SLOWEST;
    int hi = FASTEST;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (length(from, mid) <= slots) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return ladder(from, lo);
  }

  /** The steps after {@code from} up to the target with growth {@code growth} (thousandths). */
  List<DmarcStep> ladder(DmarcStep from, int growth) {
    List<DmarcStep> out = new ArrayList<>();
    for (DmarcStep s = from; !isFinal(s); ) {
      s = successor(s, growth);
      out.add(s);
    }
    return out;
  }

  private int length(DmarcStep from, int growth) {
    int n = 0;
    for (DmarcStep s = from; !isFinal(s); s = successor(s, growth)) {
      n++;
    }
    return n;
  }

  private DmarcStep successor(DmarcStep s, int growth) {
    int quarantineEnd = policy == QUARANTINE ? percent : 100;
    return switch (s.policy()) {
      case NONE -> {
        int p = first(quarantineEnd);
        yield new DmarcStep(QUARANTINE, p, p < 100);
      }
      case QUARANTINE -> {
        if (s.pct() < quarantineEnd) {
          int p = next(s.pct(), quarantineEnd, growth);
          yield new DmarcStep(QUARANTINE, p, s.testing() && p < 100);
        }
        // At 100%: drop t=y first if a resumed record carried it, then enter the reject stage.
        yield s.testing()
            ? DmarcStep.full(QUARANTINE)
            : new DmarcStep(REJECT, first(percent), false);
      }
      case REJECT ->
          new DmarcStep(
              REJECT, s.pct() < percent ? next(s.pct(), percent, growth) : percent, false);
    };
  }

  private int first(int end) {
    return Math.min(stepsList() ? steps.get(0) : 1, end);
  }

  private int next(int pct, int end, int growth) {
    if (stepsList()) {
      for (int p : steps) {
        if (p > pct) {
          return Math.min(p, end);
        }
      }
      return end;
    }
    int grown = (int) (((long) pct * growth + 500) / 1000);
    return Math.min(end, Math.max(pct + 1, grown));
  }
}
