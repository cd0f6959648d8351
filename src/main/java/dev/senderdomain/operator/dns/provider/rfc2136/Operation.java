package dev.senderdomain.operator.dns.provider.rfc2136;

import dev.senderdomain.operator.dns.RecordKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Update;

/** One RRset change: how it writes itself into an UPDATE, and the octets it takes there. */
final class Operation {
  final Name zone;
  final RecordKey key;
  final Consumer<Update> writer;
  private int size = -1;

  Operation(Name zone, RecordKey key, Consumer<Update> writer) {
    this.zone = zone;
    this.key = key;
    this.writer = writer;
  }

  /**
   * Rendered without name compression against other operations, so the sum over-estimates: batches
   * fit.
   */
  int size() {
    if (size < 0) {
      Update alone = new Update(zone);
      int empty = alone.toWire().length;
      writer.accept(alone);
      size = alone.toWire().length - empty;
    }
    return size;
  }

  /**
   * Consecutive operations of one zone, each message at most {@code maxMessage} octets when
   * rendered.
   */
  static List<List<Operation>> batches(List<Operation> ops, int maxMessage) {
    List<List<Operation>> batches = new ArrayList<>();
    List<Operation> current = new ArrayList<>();
    int size = 0;
    for (Operation op : ops) {
      int opSize = op.size();
      if (opSize + 512 > maxMessage) {
        throw new IllegalArgumentException(
            "a single change to " + op.key + " does not fit in one DNS message");
      }
      boolean sameZone = current.isEmpty() || current.get(0).zone.equals(op.zone);
      if (!current.isEmpty() && (!sameZone || size + opSize > maxMessage)) {
        batches.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(op);
      size += opSize;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }
}
