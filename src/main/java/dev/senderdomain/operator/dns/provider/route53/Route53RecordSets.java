package dev.senderdomain.operator.dns.provider.route53;

import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.TxtCharacterStrings;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Record sets in Route 53's terms and back: TXT values quoted and split into strings of at most 255
 * characters ("TXT record format" in the Route 53 developer guide), host names with their trailing
 * dot, names with Route 53's octal escapes undone. Pure.
 */
final class Route53RecordSets {
  private Route53RecordSets() {}

  static Change change(ChangeAction action, RecordSet s) {
    return Change.builder()
        .action(action)
        .resourceRecordSet(
            ResourceRecordSet.builder()
                .name(s.name() + ".")
                .type(s.type().name())
                .ttl(s.ttl())
                .resourceRecords(
                    s.values().stream()
                        .map(v -> ResourceRecord.builder().value(toValue(s.type(), v)).build())
                        .toList())
                .build())
        .build();
  }

  static String toValue(RecordType type, String value) {
    return switch (type) {
      case TXT -> TxtCharacterStrings.quote(value);
      case MX, CNAME -> value + ".";
    };
  }

  static String fromValue(RecordType type, String value) {
    return switch (type) {
      case TXT -> TxtCharacterStrings.unquote(value);
      case MX -> DomainNames.normalize(String.join(" ", value.trim().split("\\s+")));
      case CNAME -> DomainNames.normalize(value);
    };
  }

  /**
   * Route 53 returns names with octal escapes for characters outside [a-z0-9-_.], e.g. {@code \052}
   * for '*'.
   */
  static String unescape(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && i + 3 < name.length() && name.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        sb.append((char) Integer.parseInt(name.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
