package dev.senderdomain.operator.rollout;

import java.time.Instant;

/**
 * What is published, the input the rollout resumes from: the step served at {@code _dmarc} and
 * since when. The walk continues from this, never from the schedule alone (a new resource whose
 * start lies in the past must not begin in the middle of the ramp).
 *
 * @param step the published step; null: nothing is published (new domain)
 * @param since when {@code step} took effect, as kept in {@code status.dmarc}; null when unknown
 *     (read back from DNS because status was empty): the rollout then counts from now, so at most
 *     one change a day holds and {@code p=none} is held for the whole monitoring period
 */
public record RolloutState(DmarcStep step, Instant since) {
  /** Nothing published yet. */
  public static RolloutState nothingPublished() {
    return new RolloutState(null, null);
  }

  /** A step read back from the served {@code _dmarc} record (empty: none served). */
  public static RolloutState published(DmarcStep step) {
    return new RolloutState(step, null);
  }

  /** Whether a published step is known (from status or from DNS). */
  public boolean known() {
    return step != null;
  }
}
