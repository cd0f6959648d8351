package dev.senderdomain.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * How {@code reports parse} writes report fields, which are hostile input: JSON escapes them, CSV
 * quotes them (RFC 4180), and CSV and text replace control characters so nothing can drive the
 * terminal.
 */
final class ReportText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportText() {}

  static String json(Map<String, Object> row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One CSV line; null is an empty field. */
  static String csv(Object... values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      if (values[i] != null) {
        String v = clean(values[i].toString());
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0;
        line.append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
      }
    }
    return line.toString();
  }

  /** Replaces control characters (ANSI escapes, CR, LF) in untrusted text. */
  static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
    }
    return out.toString();
  }

  /** {@link #clean} for text output, with {@code absent} for null or empty. */
  static String shown(String s, String absent) {
    return s == null || s.isEmpty() ? absent : clean(s);
  }
}
