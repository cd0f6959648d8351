package dev.senderdomain.operator.dkim;

import dev.senderdomain.operator.dkim.KeyAction.AcknowledgeRequest;
import dev.senderdomain.operator.dkim.KeyAction.Generate;
import dev.senderdomain.operator.dkim.KeyAction.Remove;
import dev.senderdomain.operator.dkim.KeyAction.Transition;

/**
 * One step of a {@link RotationPlan}. Every action carries a human reason for Events and {@code
 * plan} output.
 */
public sealed interface KeyAction permits Generate, Transition, Remove, AcknowledgeRequest {
  String reason();

  /**
   * Generate a new key under a fresh selector (counter value {@code selectorIndex}); it enters the
   * ring PENDING.
   */
  record Generate(String selector, int selectorIndex, DkimAlgorithm algorithm, String reason)
      implements KeyAction {}

  /** Move a key from one state to the next; {@code from} guards against applying a stale plan. */
  record Transition(String selector, DkimKeyState from, DkimKeyState to, String reason)
      implements KeyAction {}

  /**
   * Drop a REVOKED key from the ring (its record and private key go); the selector is remembered.
   */
  record Remove(String selector, String reason) implements KeyAction {}

  /** Remember a manual rotation token as acted upon. */
  record AcknowledgeRequest(String token, String reason) implements KeyAction {}
}
