package dev.senderdomain.operator.report;

import java.util.Locale;
import java.util.Optional;

/**
 * Which identity SPF checked ({@code auth_results/spf/scope}, RFC 7489 appendix C SPFDomainScope).
 */
public enum SpfScope {
  HELO,
  MFROM;

  static Optional<SpfScope> fromXml(String token) {
    for (SpfScope value : values()) {
      if (value.name().equalsIgnoreCase(token)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
