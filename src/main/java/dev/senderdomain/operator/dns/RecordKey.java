package dev.senderdomain.operator.dns;

/** Owner name and type: identifies an RRset (RFC 2181 5). */
public record RecordKey(String name, RecordType type) implements Comparable<RecordKey> {
  @Override
  public int compareTo(RecordKey o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : type.compareTo(o.type);
  }

  @Override
  public String toString() {
    return name + " " + type;
  }
}
