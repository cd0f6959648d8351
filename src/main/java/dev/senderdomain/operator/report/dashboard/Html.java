package dev.senderdomain.operator.report.dashboard;

import java.util.Locale;

/**
 * HTML text escaping. Everything from a report, DNS or the API passes through here before reaching
 * the page.
 */
final class Html {
  private Html() {}

  /**
   * Escapes for element text and double- or single-quoted attribute values; drops control
   * characters.
   */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\t' || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** Shortened for display (hostile org names can be 64 KiB), then escaped. */
  static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    return esc(s.length() <= max ? s : s.substring(0, max) + "\u2026");
  }

  /** Shortened for display, not escaped (for text that is escaped later). */
  static String clipText(String s, int max) {
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max) + "\u2026";
  }

  static String percent(double p) {
    return Double.isNaN(p) ? "\u2013" : String.format(Locale.ROOT, "%.1f%%", p);
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
