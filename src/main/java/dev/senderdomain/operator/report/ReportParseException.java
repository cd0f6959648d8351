package dev.senderdomain.operator.report;

/**
 * A report was rejected. The message says what is wrong in one line, quotes at most ~100 characters of the
 * (possibly hostile) input via {@link #quote(String)}, and never includes a stack trace or file content.
 */
public final class ReportParseException extends Exception {
  private static final int QUOTE_LIMIT = 100;

  public ReportParseException(String message) {
    super(message);
  }

  public ReportParseException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Quotes untrusted text for an error message: at most 100 characters, control characters escaped, and the
   * original length given when it was cut.
   */
  public static String quote(String untrusted) {
    if (untrusted == null) {
      return "null";
    }
    return "\"" + escape(untrusted, QUOTE_LIMIT, true) + "\"" + cut(untrusted, QUOTE_LIMIT);
  }

  /**
   * Shortens a message from a library (which may echo input, e.g. an element name) to at most 200 characters with
   * control characters escaped; not quoted.
   */
  static String clip(String message) {
    String m = message == null ? "" : message.strip();
    return escape(m, QUOTE_LIMIT * 2, false) + cut(m, QUOTE_LIMIT * 2);
  }

  private static String escape(String untrusted, int limit, boolean escapeQuotes) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(untrusted.length(), limit);
    for (int i = 0; i < shown; i++) {
      char c = untrusted.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (escapeQuotes && (c == '"' || c == '\\')) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String cut(String untrusted, int limit) {
    return untrusted.length() > limit ? "... (" + untrusted.length() + " characters)" : "";
  }
}
