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

  private static final EnumTokens<Disposition> TOKENS = new EnumTokens<>(Disposition.class);

  static Optional<Disposition> fromXml(String token) {
    return TOKENS.find(token);
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
