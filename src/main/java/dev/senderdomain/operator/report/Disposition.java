package dev.senderdomain.operator.report;

import java.util.Locale;
import java.util.Optional;

/**
 * What the receiver did with the messages of a record ({@code policy_evaluated/disposition}). RFC
 * 9990 adds {@code pass} (DMARC passed, so no policy was applied); RFC 7489 reports only use the
 * other three.
 */
public enum Disposition {
  NONE,
  PASS,
  QUARANTINE,
  REJECT;

  static Optional<Disposition> fromXml(String token) {
    for (Disposition value : values()) {
      if (value.name().equalsIgnoreCase(token)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /**
   * True when the messages were delivered without policy action ({@code none}, and RFC 9990 {@code
   * pass}).
   */
  public boolean delivered() {
    return this == NONE || this == PASS;
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
