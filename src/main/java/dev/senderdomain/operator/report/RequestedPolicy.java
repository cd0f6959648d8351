package dev.senderdomain.operator.report;

import java.util.Locale;
import java.util.Optional;

/**
 * The policy a domain owner published ({@code p}, {@code sp}, {@code np}; RFC 7489 6.3, RFC 9989
 * 4.7).
 */
public enum RequestedPolicy {
  NONE,
  QUARANTINE,
  REJECT;

  /** Case-insensitive, as the RFC 7489 ABNF literals are. */
  static Optional<RequestedPolicy> fromXml(String token) {
    for (RequestedPolicy value : values()) {
      if (value.name().equalsIgnoreCase(token)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** The token as it appears in reports and DNS records. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
