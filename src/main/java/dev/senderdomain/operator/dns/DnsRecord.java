package dev.senderdomain.operator.dns;

import java.util.Objects;

/**
 * One resource record as the operator thinks of it.
 *
 * <p>{@code name} is an absolute name in ASCII (punycode), lower case, without the trailing dot.
 * {@code value} is presentation-independent: for TXT the whole logical string (never split into
 * 255-octet character-strings and never quoted; adapters split on the wire per RFC 1035 3.3.14),
 * for MX {@code "<preference> <host>"}, for CNAME the target host; host names without the trailing
 * dot.
 */
public record DnsRecord(String name, RecordType type, long ttl, String value) {
  public DnsRecord {
    Objects.requireNonNull(type, "type");
    name = DomainNames.normalize(Objects.requireNonNull(name, "name"));
    Objects.requireNonNull(value, "value");
    if (ttl < 0 || ttl > 2147483647L) {
      throw new IllegalArgumentException("ttl out of range: " + ttl);
    }
    // A record is never published with quotes or line breaks inside: they would be read differently
    // by every
    // zone file, API and resolver on the way.
    if (value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "record value for " + name + " contains a quote or a line break");
    }
    if (type != RecordType.TXT) {
      value = DomainNames.normalize(value);
    }
  }

  /** Identity of the RRset this record belongs to. */
  public RecordKey key() {
    return new RecordKey(name, type);
  }
}
