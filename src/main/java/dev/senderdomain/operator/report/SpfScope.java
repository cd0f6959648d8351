package dev.senderdomain.operator.report;

import java.util.Locale;
import java.util.Optional;

/**
 * Which identity SPF checked ({@code auth_results/spf/scope}, RFC 7489 appendix C SPFDomainScope).
 */
public enum SpfScope {
  HELO,
  MFROM;

  private static final EnumTokens<SpfScope> TOKENS = new EnumTokens<>(SpfScope.class);

  static Optional<SpfScope> fromXml(String token) {
    return TOKENS.find(token);
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
