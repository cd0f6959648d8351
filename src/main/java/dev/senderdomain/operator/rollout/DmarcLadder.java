package dev.senderdomain.operator.rollout;

/**
 * The fixed ladder of rollout steps, indexed so that an index keeps its meaning whatever the target
 * date or policy: 0 is {@code p=none}, 1..7 the quarantine stage, 8..14 the reject stage. The
 * status stores this index, so a target edit or a re-spread never changes what "step 5" means.
 *
 * <p>Within a stage the percentages are 1, 2, 5, 10, 25, 50, 100: a roughly geometric curve, so
 * that the first days of a stage touch little mail (a mistake shows in the aggregate reports while
 * it affects 1% of failing mail) and each later step at most about doubles the share.
 */
public final class DmarcLadder {
  /**
   * pct of the steps of one stage, in order. The last one (100) is the stage's full enforcement.
   */
  static final int[] PERCENTAGES = {1, 2, 5, 10, 25, 50, 100};

  public static final int MONITOR = 0;
  public static final int QUARANTINE_FULL = PERCENTAGES.length;
  public static final int REJECT_FULL = 2 * PERCENTAGES.length;

  private DmarcLadder() {}

  /** The index of the last step for a target policy: 0 (none), 7 (quarantine) or 14 (reject). */
  public static int finalIndex(DmarcPolicy policy) {
    return switch (policy) {
      case NONE -> MONITOR;
      case QUARANTINE -> QUARANTINE_FULL;
      case REJECT -> REJECT_FULL;
    };
  }

  /** Whether {@code index} is a valid ladder index. */
  public static boolean valid(int index) {
    return index >= MONITOR && index <= REJECT_FULL;
  }

  /**
   * The published step for a ladder index. The quarantine ramp carries {@code t=y} so that RFC 9989
   * receivers (which ignore {@code pct}) stay in test mode until the stage reaches 100% (RFC 9989
   * section 4.7, tag t); the reject ramp must not, or RFC 9989 receivers would fall back from full
   * quarantine to test mode (a step down for them).
   */
  public static DmarcStep step(int index) {
    if (!valid(index)) {
      throw new IllegalArgumentException(
          "rollout step index must be 0.." + REJECT_FULL + ": " + index);
    }
    if (index == MONITOR) {
      return DmarcStep.MONITOR;
    }
    if (index <= QUARANTINE_FULL) {
      int pct = PERCENTAGES[index - 1];
      return new DmarcStep(DmarcPolicy.QUARANTINE, pct, pct < 100);
    }
    return new DmarcStep(DmarcPolicy.REJECT, PERCENTAGES[index - QUARANTINE_FULL - 1], false);
  }

  /**
   * The index of the end (100%) of the stage that {@code index} is in or, at a stage end, of the
   * next stage.
   */
  static int nextStageEnd(int index) {
    return index < QUARANTINE_FULL ? QUARANTINE_FULL : REJECT_FULL;
  }

  /** Whether {@code index} is the first step of a stage (1% quarantine or 1% reject). */
  static boolean stageStart(int index) {
    return index == MONITOR || index == QUARANTINE_FULL;
  }

  /**
   * How many stage ends (100% steps) lie in (from, to]: the steps a compressed walk may never skip.
   */
  static int stageEndsBetween(int from, int to) {
    int n = 0;
    if (from < QUARANTINE_FULL && to >= QUARANTINE_FULL) {
      n++;
    }
    if (from < REJECT_FULL && to >= REJECT_FULL) {
      n++;
    }
    return n;
  }

  /** monitor, quarantine, reject or complete (the target at 100%). */
  public static String stage(int index, int finalIndex) {
    if (index == MONITOR) {
      return "monitor";
    }
    if (index == finalIndex) {
      return "complete";
    }
    return index <= QUARANTINE_FULL ? "quarantine" : "reject";
  }
}
