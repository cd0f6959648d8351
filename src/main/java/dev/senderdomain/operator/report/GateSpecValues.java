package dev.senderdomain.operator.report;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code spec.dmarc.rollout.gate} with defaults applied and the window parsed.
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

  /**
   * The gate as written in the spec, defaults for absent fields; null when the spec has no gate.
   */
  public static GateSpecValues from(DmarcSpec.Gate gate) {
    if (gate == null) {
      return null;
    }
    return new GateSpecValues(
        gate.minPassRate == null ? DEFAULT_MIN_PASS_RATE : gate.minPassRate,
        gate.window == null ? DEFAULT_WINDOW : parseWindow(gate.window),
        gate.minMessages == null ? DEFAULT_MIN_MESSAGES : gate.minMessages);
  }

  /** {@code <digits><s|m|h|d>}, as the CRD pattern allows: 7d, 36h, 90m, 3600s. */
  public static Duration parseWindow(String text) {
    return Durations.parsePositive("gate.window", text);
  }
}
