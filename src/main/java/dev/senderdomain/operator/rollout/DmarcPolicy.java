package dev.senderdomain.operator.rollout;

import java.util.Locale;

/** The DMARC {@code p=} values (RFC 7489 6.3), ordered from least to most protective. */
public enum DmarcPolicy {
  NONE,
  QUARANTINE,
  REJECT;

  /** The tag value as published, e.g. {@code quarantine}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a spec or record value; throws IllegalArgumentException naming the allowed values. */
  public static DmarcPolicy parse(String value) {
    for (DmarcPolicy p : values()) {
      if (p.tag().equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "must be one of none, quarantine, reject, got '" + value + "'");
  }
}
