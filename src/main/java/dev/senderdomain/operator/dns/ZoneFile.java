package dev.senderdomain.operator.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * Records as zone-file lines (RFC 1035 5.1), for the manual provider and {@code plan --output
 * zone}: what a person pastes into their DNS. Long TXT values are split into quoted strings of at
 * most 255 octets, inside parentheses so the line can break (RFC 1035 5.1).
 */
public final class ZoneFile {
  private ZoneFile() {}

  public static List<String> lines(List<RecordSet> sets) {
    List<String> lines = new ArrayList<>();
    for (RecordSet set : sets) {
      for (String v : set.values()) {
        lines.add(line(set.name(), set.type(), set.ttl(), v));
      }
    }
    return lines;
  }

  public static String line(DnsRecord r) {
    return line(r.name(), r.type(), r.ttl(), r.value());
  }

  /** A logical TXT value as the character-strings it is published as (RFC 1035 3.3.14). */
  public static List<String> splitTxt(String value) {
    return WireRecords.split(value).stream()
        .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8))
        .toList();
  }

  public static String line(String name, RecordType type, long ttl, String value) {
    String prefix = name + ". " + ttl + " IN " + type + " ";
    return switch (type) {
      case TXT -> {
        List<String> parts = new ArrayList<>();
        for (String text : splitTxt(value)) {
          parts.add("\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        yield parts.size() == 1
            ? prefix + parts.get(0)
            : prefix + "( " + String.join(" ", parts) + " )";
      }
      case MX -> {
        String[] p = value.split("\\s+", 2);
        yield prefix + p[0] + " " + p[1] + ".";
      }
      case CNAME -> prefix + value + ".";
    };
  }
}
