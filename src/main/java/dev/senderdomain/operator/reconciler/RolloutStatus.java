package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.rollout.DmarcLadder;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Maps a decision to {@code status.dmarc} and back. All instants are RFC 3339 UTC strings in
 * status.
 */
public final class RolloutStatus {
  private RolloutStatus() {}

  /** The status for a decision and the _dmarc TXT value rendered for its step. */
  public static DmarcStatus toStatus(RolloutDecision decision, String record) {
    DmarcStatus s = new DmarcStatus();
    s.policy = decision.step().policy().tag();
    s.pct = decision.step().pct();
    s.testing = decision.step().testing();
    s.record = record;
    s.stage = decision.stage();
    s.nextStepAt = format(decision.nextStepAt());
    s.expectedCompletion = format(decision.expectedCompletion());
    s.stepIndex = decision.stepIndex();
    s.since = format(decision.since());
    return s;
  }

  /**
   * The state kept in status. Anything missing or unreadable (hand-edited, wiped) gives an unknown
   * state, which {@link DmarcRollout#decide} resolves from the schedule for now; it never throws.
   */
  public static RolloutState fromStatus(DmarcStatus status) {
    if (status == null
        || status.stepIndex == null
        || status.since == null
        || !DmarcLadder.valid(status.stepIndex)) {
      return RolloutState.initial();
    }
    try {
      return new RolloutState(status.stepIndex, Instant.parse(status.since));
    } catch (DateTimeParseException e) {
      return RolloutState.initial();
    }
  }

  private static String format(Instant t) {
    return t == null ? null : t.toString();
  }
}
