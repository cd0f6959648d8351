package dev.senderdomain.operator.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way the operator writes a duration, in the CRD ({@code spec.dkim.rotation}, {@code
 * spec.dmarc.rollout.gate.window}), in flags and in environment settings: a whole number and one
 * unit, {@code 90s}, {@code 30m}, {@code 48h}, {@code 180d}. No weeks, months or ISO-8601 ({@code
 * P180D}): one notation everywhere, and a month has no fixed length. Pure.
 */
public final class Durations {
  // Up to 9 digits: 999999999d is still a valid java.time.Duration, so parsing never overflows.
  private static final Pattern NOTATION = Pattern.compile("([0-9]{1,9})([smhd])");

  private Durations() {}

  /**
   * Parses {@code value} (surrounding blanks ignored); zero is allowed.
   *
   * @param field what the value is, named in the error (e.g. {@code spec.dkim.rotation.every})
   * @throws IllegalArgumentException starting with {@code field}, when it is not such a duration
   */
  public static Duration parse(String field, String value) {
    Matcher m = value == null ? null : NOTATION.matcher(value.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          field
              + ": '"
              + printable(value)
              + "' is not a duration like 90s, 30m, 48h or 180d (a number and s, m, h or d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** As {@link #parse}, refusing zero: for intervals and windows that must pass time. */
  public static Duration parsePositive(String field, String value) {
    Duration d = parse(field, value);
    if (d.isZero()) {
      throw new IllegalArgumentException(field + ": must be longer than zero");
    }
    return d;
  }

  /**
   * The shortest exact notation, readable again by {@link #parse}: {@code 7d}, {@code 36h}, {@code
   * 90m}, {@code 45s}.
   */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  private static String printable(String value) {
    String v = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
    return v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }
}
