package dev.senderdomain.operator.report;

import java.time.Duration;
import java.util.Objects;

/**
 * The report gate ({@code spec.dmarc.rollout.gate}) with defaults applied, as the validator decided
 * it.
 *
 * @param minPassRate percent 0..100 (default 98)
 * @param window reports considered (default 7 days)
 * @param minMessages below this many messages from expected senders the gate stays open (default
 *     1000)
 */
public record GateSpecValues(double minPassRate, Duration window, long minMessages) {
  public static final double DEFAULT_MIN_PASS_RATE = 98;
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
  public static final long DEFAULT_MIN_MESSAGES = 1000;

  public GateSpecValues {
    Objects.requireNonNull(window, "window");
    if (!(minPassRate >= 0 && minPassRate <= 100)) {
      throw new IllegalArgumentException("gate.minPassRate must be 0..100, got " + minPassRate);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("gate.window must be positive, got " + window);
    }
    if (minMessages < 0) {
      throw new IllegalArgumentException(
          "gate.minMessages must not be negative, got " + minMessages);
    }
  }
}
