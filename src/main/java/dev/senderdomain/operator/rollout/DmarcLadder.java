package dev.senderdomain.operator.rollout;

/**
 * The fixed ladder of versions that stored a ladder index in {@code status.dmarc.stepIndex}: 0 is
 * {@code p=none}, 1..7 the quarantine stage, 8..14 the reject stage, each stage at 1, 2, 5, 10, 25,
 * 50, 100%. Only read now, so that a status written by those versions resumes at exactly the step
 * it had published (an upgrade never steps anyone up or down); the same percentages can be chosen
 * as {@code spec.dmarc.rollout.steps}.
 */
public final class DmarcLadder {
  /** pct of the steps of one stage, in order. */
  public static final java.util.List<Integer> PERCENTAGES =
      java.util.List.of(1, 2, 5, 10, 25, 50, 100);

  private static final int QUARANTINE_FULL = PERCENTAGES.size();
  private static final int REJECT_FULL = 2 * PERCENTAGES.size();

  private DmarcLadder() {}

  /** Whether {@code index} is a valid index of the old ladder. */
  public static boolean valid(int index) {
    return index >= 0 && index <= REJECT_FULL;
  }

  /**
   * The step that stood at {@code index}: the quarantine ramp with {@code t=y}, the reject ramp
   * without (RFC 9989 receivers must not fall back from full quarantine to test mode).
   */
  public static DmarcStep step(int index) {
    if (!valid(index)) {
      throw new IllegalArgumentException(
          "rollout step index must be 0.." + REJECT_FULL + ": " + index);
    }
    if (index == 0) {
      return DmarcStep.MONITOR;
    }
    if (index <= QUARANTINE_FULL) {
      int pct = PERCENTAGES.get(index - 1);
      return new DmarcStep(DmarcPolicy.QUARANTINE, pct, pct < 100);
    }
    return new DmarcStep(DmarcPolicy.REJECT, PERCENTAGES.get(index - QUARANTINE_FULL - 1), false);
  }
}
