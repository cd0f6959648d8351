package dev.senderdomain.operator.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Zone-file presentation (RFC 1035 5.1) of our records, for people who paste records by hand. */
public final class ZoneFile {
  /** A TXT character-string holds at most 255 octets (RFC 1035 3.3.14); longer values become several strings. */
  public static final int MAX_TXT_STRING = 255;

  private ZoneFile() {}

  /** Splits a logical TXT value into character-strings of at most 255 octets, never inside a UTF-8 sequence. */
  public static List<String> splitTxt(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (start < bytes.length || parts.isEmpty()) {
      int end = Math.min(start + MAX_TXT_STRING, bytes.length);
      while (end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
        end--; // back off a UTF-8 continuation byte
      }
      parts.add(new String(bytes, start, end - start, StandardCharsets.UTF_8));
      start = end;
      if (start >= bytes.length) {
        break;
      }
    }
    return parts;
  }

  /** One line: {@code name. ttl IN TYPE rdata}, TXT split into quoted strings, host names absolute. */
  public static String line(DnsRecord r) {
    String rdata = switch (r.type()) {
      case TXT -> String.join(" ", splitTxt(r.value()).stream().map(ZoneFile::quote).toList());
      case MX -> {
        int sp = r.value().indexOf(' ');
        yield r.value().substring(0, sp) + " " + r.value().substring(sp + 1) + ".";
      }
      case CNAME -> r.value() + ".";
    };
    return r.name() + ".\t" + r.ttl() + "\tIN\t" + r.type() + "\t" + rdata;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
