package dev.senderdomain.operator.dkim;

import java.time.Instant;
import java.util.List;

/**
 * What {@link RotationPolicy#plan} decided.
 *
 * @param actions what to do now, in order; empty when nothing is due
 * @param nextCheckAt when to plan again: {@code now} if there are actions (store, publish, then
 *     look again), else the earliest scheduled transition, the next verification poll for a PENDING
 *     key, or a day later
 * @param warnings conditions to surface (legacy RSA-1024, a lone Ed25519 key, no active key yet)
 * @param upcoming the next transition of each key, for {@code status.dkim}
 */
public record RotationPlan(
    List<KeyAction> actions,
    Instant nextCheckAt,
    List<String> warnings,
    List<UpcomingTransition> upcoming) {
  public RotationPlan {
    actions = List.copyOf(actions);
    warnings = List.copyOf(warnings);
    upcoming = List.copyOf(upcoming);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }

  /**
   * A key's next transition.
   *
   * @param at when it is due, or null when it waits for an event (the record being verified)
   */
  public record UpcomingTransition(String selector, String description, Instant at) {}
}
