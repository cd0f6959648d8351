package dev.senderdomain.operator.report;

import static dev.senderdomain.operator.report.ReportParseException.quote;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.xbill.DNS.Address;

/** Converts field text to typed values, with one clear error per field. Pure; no DNS, no I/O. */
final class ReportValues {
  /** 9999-12-31T23:59:59Z: anything later is not a date a reporter can mean. */
  private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  private ReportValues() {}

  /**
   * Where a value came from, for error messages; formatted only when there is an error.
   *
   * @param path slash-separated element path below feedback
   * @param record 1-based record number, or 0 outside records
   */
  record Field(String path, int record) {
    Field(String path) {
      this(path, 0);
    }

    @Override
    public String toString() {
      return record > 0 ? path + " (record " + record + ")" : path;
    }
  }

  /** A message count: decimal digits only, 0..2^63-1 (RFC 7489 appendix C: xs:integer). */
  static long count(String raw, Field field) throws ReportParseException {
    if (raw.isEmpty()) {
      throw bad(field, field + " is empty");
    }
    if (raw.startsWith("-") && digits(raw, 1, raw.length())) {
      throw bad(field, field + " is negative: " + quote(raw));
    }
    if (!digits(raw, 0, raw.length())) {
      throw bad(field, field + " is not a whole number: " + quote(raw));
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw bad(field, field + " is larger than 2^63-1: " + quote(raw));
    }
  }

  /**
   * Seconds since the epoch. Digits with an optional fraction, which is dropped: NetEase (163.com,
   * 126.com) writes {@code 1337270400.0}.
   */
  static Instant epochSeconds(String raw, Field field) throws ReportParseException {
    if (raw.isEmpty()) {
      throw bad(field, field + " is empty");
    }
    int dot = raw.indexOf('.');
    String whole = dot < 0 ? raw : raw.substring(0, dot);
    boolean fractionOk = dot < 0 || (dot + 1 < raw.length() && digits(raw, dot + 1, raw.length()));
    if (raw.startsWith("-")
        && whole.length() > 1
        && digits(whole, 1, whole.length())
        && fractionOk) {
      throw bad(field, field + " is negative: " + quote(raw));
    }
    if (whole.isEmpty() || !digits(whole, 0, whole.length()) || !fractionOk) {
      throw new ReportParseException(
          field + " is not a number of seconds since 1970: " + quote(raw));
    }
    if (whole.length() > 12 || Long.parseLong(whole) > MAX_EPOCH_SECOND) {
      throw bad(field, field + " is after the year 9999: " + quote(raw));
    }
    return Instant.ofEpochSecond(Long.parseLong(whole));
  }

  /** RFC 7489 {@code pct}: 0..100. */
  static Integer percent(String raw, Field field) throws ReportParseException {
    if (raw.isEmpty()) {
      return null;
    }
    if (!digits(raw, 0, raw.length()) || raw.length() > 3 || Integer.parseInt(raw) > 100) {
      throw bad(field, field + " is not a percentage 0..100: " + quote(raw));
    }
    return Integer.parseInt(raw);
  }

  /** RFC 9989 {@code t}: y or n. */
  static Boolean flag(String raw, Field field) throws ReportParseException {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "" -> null;
      case "y" -> Boolean.TRUE;
      case "n" -> Boolean.FALSE;
      default -> throw bad(field, field + " is neither y nor n: " + quote(raw));
    };
  }

  /** An IPv4 or IPv6 literal, parsed without any name lookup; empty means "not reported" (null). */
  static String ip(String raw, Field field) throws ReportParseException {
    if (raw.isEmpty()) {
      return null;
    }
    if (raw.length() <= 45
        && (Address.toByteArray(raw, Address.IPv4) != null
            || Address.toByteArray(raw, Address.IPv6) != null)) {
      return raw.toLowerCase(Locale.ROOT);
    }
    throw bad(field, field + " is not an IPv4 or IPv6 address: " + quote(raw));
  }

  /**
   * An enumerated token; empty means "not reported" (null), anything unknown is an error naming the
   * field.
   */
  static <E> E token(String raw, Field field, Function<String, Optional<E>> parse, String expected)
      throws ReportParseException {
    if (raw.isEmpty()) {
      return null;
    }
    return parse
        .apply(raw)
        .orElseThrow(() -> bad(field, field + " is " + quote(raw) + ", expected " + expected));
  }

  /**
   * The error for a bad value: inside a record it only costs that record ({@link
   * RecordFieldException}); elsewhere it rejects the report.
   */
  static ReportParseException bad(Field field, String message) {
    return field.record() > 0
        ? new RecordFieldException(message)
        : new ReportParseException(message);
  }

  /** Free text: empty means absent. */
  static String optional(String raw) {
    return raw.isEmpty() ? null : raw;
  }

  private static boolean digits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
