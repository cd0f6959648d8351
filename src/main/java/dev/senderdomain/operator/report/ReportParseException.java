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
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(untrusted.length(), QUOTE_LIMIT);
    for (int i = 0; i < shown; i++) {
      char c = untrusted.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '"' || c == '\\') {
        out.append(c == '"' || c == '\\' ? "\\" + c : String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (untrusted.length() > shown) {
      out.append("... (").append(untrusted.length()).append(" characters)");
    }
    return out.toString();
  }
}
