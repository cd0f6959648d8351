package dev.senderdomain.operator.report;

import java.util.Locale;
import java.util.Optional;

/**
 * The DMARC-aligned result of DKIM or SPF in {@code policy_evaluated} (RFC 7489 appendix C,
 * DMARCResultType): {@code pass} only when the mechanism passed <em>and</em> was aligned with the
 * header From domain.
 */
public enum DmarcResult {
  PASS,
  FAIL;

  /** Case-insensitive: some receivers write {@code Pass}. */
  private static final EnumTokens<DmarcResult> TOKENS = new EnumTokens<>(DmarcResult.class);

  static Optional<DmarcResult> fromXml(String token) {
    return TOKENS.find(token);
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
