package dev.senderdomain.operator.dns;

import java.util.List;
import java.util.Objects;

/**
 * An RRset: all records of one name and type (RFC 2181 5). Providers read and replace whole sets,
 * so foreign values at a name we also publish at (a site verification TXT beside our SPF) travel
 * with the set and are kept.
 */
public record RecordSet(String name, RecordType type, long ttl, List<String> values) {
  public RecordSet {
    name = DomainNames.normalize(Objects.requireNonNull(name, "name"));
    Objects.requireNonNull(type, "type");
    values = List.copyOf(values);
  }

  public RecordKey key() {
    return new RecordKey(name, type);
  }

  public List<DnsRecord> records() {
    return values.stream().map(v -> new DnsRecord(name, type, ttl, v)).toList();
  }
}
