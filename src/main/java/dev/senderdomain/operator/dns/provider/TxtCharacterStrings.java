package dev.senderdomain.operator.dns.provider;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * TXT RDATA in zone-file presentation form (RFC 1035 5.1), for the HTTP APIs that take it
 * (PowerDNS, Route 53, Cloudflare): one logical value becomes quoted character-strings of at most
 * 255 octets each (RFC 1035 3.3.14), and is joined back on read. SPF (RFC 7208 3.3) and DKIM (RFC
 * 6376 3.6.2.2) say the strings are concatenated without separator, so splitting anywhere is safe.
 */
public final class TxtCharacterStrings {
  public static final int MAX_OCTETS = 255;

  private TxtCharacterStrings() {}

  /** {@code "first 255 octets" "rest"}; {@code "\"\""} for the empty value. */
  public static String quote(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    List<String> strings = new ArrayList<>();
    for (int start = 0; start < bytes.length || strings.isEmpty(); start += MAX_OCTETS) {
      int end = Math.min(bytes.length, start + MAX_OCTETS);
      StringBuilder sb = new StringBuilder("\"");
      for (int i = start; i < end; i++) {
        int b = bytes[i] & 0xff;
        if (b == '"' || b == '\\') {
          sb.append('\\').append((char) b);
        } else if (b < 0x20 || b > 0x7e) {
          sb.append(String.format("\\%03d", b));
        } else {
          sb.append((char) b);
        }
      }
      strings.add(sb.append('"').toString());
      if (bytes.length == 0) {
        break;
      }
    }
    return String.join(" ", strings);
  }

  /** The character-strings of a presentation-form TXT RDATA, quoted or not, unescaped. */
  public static List<String> parse(String rdata) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = rdata.length();
    while (i < n) {
      char c = rdata.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      boolean quoted = c == '"';
      if (quoted) {
        i++;
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      while (i < n) {
        c = rdata.charAt(i);
        if (quoted ? c == '"' : (c == ' ' || c == '\t')) {
          break;
        }
        if (c == '\\' && i + 1 < n) {
          if (i + 3 < n && isDigits(rdata, i + 1)) {
            buf.write(Integer.parseInt(rdata.substring(i + 1, i + 4)));
            i += 4;
          } else {
            buf.write(rdata.charAt(i + 1));
            i += 2;
          }
          continue;
        }
        int cp = rdata.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        buf.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
      if (quoted) {
        if (i >= n) {
          throw new IllegalArgumentException("unterminated quoted TXT string");
        }
        i++;
      }
      out.add(buf.toString(StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The logical value: the strings concatenated. */
  public static String unquote(String rdata) {
    return String.join("", parse(rdata));
  }

  private static boolean isDigits(String s, int from) {
    return Character.isDigit(s.charAt(from))
        && Character.isDigit(s.charAt(from + 1))
        && Character.isDigit(s.charAt(from + 2));
  }
}
