package dev.senderdomain.operator.report;

import java.util.Locale;
import java.util.Optional;

/**
 * A raw (unaligned) DKIM or SPF verdict in {@code auth_results} (RFC 7489 appendix C DKIMResultType
 * and SPFResultType, RFC 8601 2.7). {@code policy} only occurs for DKIM, {@code softfail} only for
 * SPF.
 */
public enum AuthResult {
  NONE,
  PASS,
  FAIL,
  SOFTFAIL,
  NEUTRAL,
  POLICY,
  TEMPERROR,
  PERMERROR;

  /**
   * Case-insensitive; {@code hardfail} is the pre-RFC 7208 name of {@code fail} that old reporters
   * still use.
   */
  private static final EnumTokens<AuthResult> TOKENS =
      new EnumTokens<>(AuthResult.class).alias("hardfail", FAIL);

  static Optional<AuthResult> fromXml(String token) {
    return TOKENS.find(token);
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
