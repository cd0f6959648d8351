package dev.senderdomain.operator.report;

import java.util.List;
import java.util.Objects;

/**
 * Whether the rollout may step up now.
 *
 * @param open true: step up as scheduled; false: hold the current step (condition {@code
 *     RolloutGated})
 * @param message one line with the numbers (and, when closed, the worst sources), for the condition
 *     message
 * @param expectedMessages messages from expected senders in the window
 * @param expectedPassRate their DMARC pass rate in percent, NaN without messages
 * @param worstSources up to five expected sources with the most DMARC failures (empty when open)
 */
public record GateVerdict(
    boolean open,
    String message,
    long expectedMessages,
    double expectedPassRate,
    List<ClassifiedSource> worstSources) {
  public GateVerdict {
    Objects.requireNonNull(message, "message");
    worstSources = List.copyOf(worstSources);
  }
}
