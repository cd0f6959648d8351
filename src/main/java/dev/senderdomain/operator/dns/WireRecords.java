package dev.senderdomain.operator.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Converts between the operator's presentation-independent values ({@link DnsRecord}) and dnsjava
 * wire records. Shared by the RFC 2136 adapter and the {@link Verifier}: one place knows how a long
 * TXT value is split into 255-octet character-strings (RFC 1035 3.3.14) and joined again (RFC 7208
 * 3.3, RFC 6376 3.6.2.2).
 */
public final class WireRecords {
  /** Longest character-string in a TXT record (one length octet). */
  public static final int MAX_STRING = 255;

  private WireRecords() {}

  public static Name name(String name) {
    try {
      return Name.fromString(DomainNames.normalize(name) + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + name, e);
    }
  }

  public static int type(RecordType type) {
    return switch (type) {
      case TXT -> Type.TXT;
      case MX -> Type.MX;
      case CNAME -> Type.CNAME;
    };
  }

  /** The record type for a dnsjava type code, or null for types the operator does not handle. */
  public static RecordType type(int type) {
    return switch (type) {
      case Type.TXT -> RecordType.TXT;
      case Type.MX -> RecordType.MX;
      case Type.CNAME -> RecordType.CNAME;
      default -> null;
    };
  }

  /** The dnsjava record for one value; TXT values are split into 255-octet strings. */
  public static Record toWire(String name, RecordType type, long ttl, String value) {
    Name owner = name(name);
    return switch (type) {
      case TXT -> txt(owner, ttl, split(value));
      case MX -> {
        String[] parts = value.trim().split("\\s+", 2);
        if (parts.length != 2) {
          throw new IllegalArgumentException("MX value must be '<preference> <host>': " + value);
        }
        yield new MXRecord(owner, DClass.IN, ttl, Integer.parseInt(parts[0]), name(parts[1]));
      }
      case CNAME -> new CNAMERecord(owner, DClass.IN, ttl, name(value));
    };
  }

  /**
   * A TXT record from exact character-strings. Built from rdata octets rather than dnsjava's String
   * constructor, which would interpret backslash escapes inside values.
   */
  public static Record txt(Name owner, long ttl, List<byte[]> strings) {
    ByteArrayOutputStream rdata = new ByteArrayOutputStream();
    for (byte[] s : strings) {
      rdata.write(s.length);
      rdata.write(s, 0, s.length);
    }
    return Record.newRecord(owner, Type.TXT, DClass.IN, ttl, rdata.toByteArray());
  }

  /**
   * Splits a logical TXT value into character-strings of at most 255 octets (an empty value is one
   * empty string).
   */
  public static List<byte[]> split(String value) {
    byte[] all = value.getBytes(StandardCharsets.UTF_8);
    List<byte[]> strings = new ArrayList<>();
    for (int off = 0; off < all.length || strings.isEmpty(); off += MAX_STRING) {
      int len = Math.min(MAX_STRING, all.length - off);
      byte[] s = new byte[Math.max(len, 0)];
      System.arraycopy(all, off, s, 0, s.length);
      strings.add(s);
    }
    return strings;
  }

  /**
   * The operator's value of a wire record: TXT strings joined, names lower case without the
   * trailing dot.
   */
  public static String value(Record r) {
    if (r instanceof TXTRecord txt) {
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      for (Object s : txt.getStringsAsByteArrays()) {
        byte[] b = (byte[]) s;
        joined.write(b, 0, b.length);
      }
      return joined.toString(StandardCharsets.UTF_8);
    }
    if (r instanceof MXRecord mx) {
      return mx.getPriority() + " " + DomainNames.normalize(mx.getTarget().toString());
    }
    if (r instanceof CNAMERecord cname) {
      return DomainNames.normalize(cname.getTarget().toString());
    }
    throw new IllegalArgumentException("unsupported record type " + Type.string(r.getType()));
  }

  /** The exact character-strings of a TXT record, for carrying foreign values along unchanged. */
  @SuppressWarnings("unchecked")
  public static List<byte[]> strings(TXTRecord txt) {
    return List.copyOf((List<byte[]>) txt.getStringsAsByteArrays());
  }
}
