package dev.senderdomain.operator.rollout;

import java.time.Instant;
import java.util.List;

/**
 * The step to publish now and when to look again. {@code nextStepAt} null means nothing will change by itself
 * (rollout complete, paused, or no start date).
 */
public record RolloutDecision(
    DmarcStep step,
    String stage,
    int stepIndex,
    Instant nextStepAt,
    Instant expectedCompletion,
    List<String> warnings) {
  public RolloutDecision {
    warnings = List.copyOf(warnings);
  }
}
