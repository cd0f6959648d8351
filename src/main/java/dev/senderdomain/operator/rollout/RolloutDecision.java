package dev.senderdomain.operator.rollout;

import java.time.Instant;
import java.util.List;

/**
 * The step to publish now and when to look again.
 *
 * @param step the step to publish; store it in status, it is where the walk goes on from
 * @param stage monitor, quarantine, reject or complete
 * @param since when {@code step} took effect (the grid instant it was scheduled for); store it in
 *     status
 * @param nextStepAt when the record changes next: reschedule the reconcile for this instant. Null:
 *     nothing changes by itself (complete, paused, monitoring only)
 * @param expectedCompletion when the target is expected to be in effect (null: no target)
 * @param warnings what the owner should know, each with a condition reason
 */
public record RolloutDecision(
    DmarcStep step,
    String stage,
    Instant since,
    Instant nextStepAt,
    Instant expectedCompletion,
    List<RolloutWarning> warnings) {
  public RolloutDecision {
    warnings = List.copyOf(warnings);
  }

  /** The state to keep in status for the next reconcile. */
  public RolloutState state() {
    return new RolloutState(step, since);
  }

  /** Whether a warning with {@code reason} is present. */
  public boolean has(RolloutWarning.Reason reason) {
    return warnings.stream().anyMatch(w -> w.reason() == reason);
  }
}
