package dev.senderdomain.operator.report;

/**
 * A report was rejected. The message says what is wrong in one line, quotes at most ~100 characters
 * of the (possibly hostile) input via {@link #quote(String)}, and never includes a stack trace or
 * file content.
 */
public class ReportParseException extends Exception {
  private static final int QUOTE_LIMIT = 100;

  public ReportParseException(String message) {
    super(message);
  }

  public ReportParseException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Quotes untrusted text for an error message: about 100 characters at most (after escaping
   * control characters), and the original length given when it was cut.
   */
  public static String quote(String untrusted) {
    return untrusted == null ? "null" : shorten(untrusted, QUOTE_LIMIT, true, "\"");
  }

  /**
   * Shortens a message from a library (which may echo input, e.g. an element name) to about 200
   * characters with control characters escaped; not quoted.
   */
  static String clip(String message) {
    return shorten(message == null ? "" : message.strip(), QUOTE_LIMIT * 2, false, "");
  }

  private static String shorten(String untrusted, int limit, boolean escapeQuotes, String quote) {
    StringBuilder out = new StringBuilder(quote);
    int i = 0;
    for (; i < untrusted.length() && out.length() < limit; i++) {
      char c = untrusted.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (escapeQuotes && (c == '"' || c == '\\')) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    out.append(quote);
    if (i < untrusted.length()) {
      out.append("... (").append(untrusted.length()).append(" characters)");
    }
    return out.toString();
  }
}
