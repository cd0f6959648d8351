package dev.senderdomain.operator.cli;

import java.time.Duration;

/** Durations as people write them in flags and env vars: 30s, 10m, 2h, 7d. */
final class Durations {
  private Durations() {}

  static Duration parse(String option, String value) {
    if (value == null || !value.matches("^[0-9]+[smhd]$")) {
      throw new IllegalArgumentException(
          option + ": '" + value + "' is not a duration like 30s, 10m, 2h or 7d");
    }
    long n = Long.parseLong(value.substring(0, value.length() - 1));
    return switch (value.charAt(value.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
