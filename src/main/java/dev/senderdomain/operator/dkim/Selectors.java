package dev.senderdomain.operator.dkim;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * DKIM selectors the operator makes: {@code sd<year>} and a base-26 letter suffix (a..z, aa, ab,
 * ...) from the ring's counter. A selector is never used twice: a new key never meets a resolver's
 * cached answer (or a receiver's cached key) for an old one (RFC 6376 3.1).
 */
public final class Selectors {
  private Selectors() {}

  /** The selector for counter value {@code index} in the year of {@code now} (UTC). */
  public static String forIndex(int index, Instant now) {
    StringBuilder letters = new StringBuilder();
    int n = index;
    do {
      letters.insert(0, (char) ('a' + n % 26));
      n = n / 26 - 1;
    } while (n >= 0);
    return "sd" + now.atOffset(ZoneOffset.UTC).getYear() + letters;
  }

  /** The first counter value from {@code from} whose selector was never used (adopted keys may). */
  static int nextFree(KeyRing ring, int from, Instant now) {
    int i = from;
    while (ring.isUsedSelector(forIndex(i, now))) {
      i++;
    }
    return i;
  }
}
