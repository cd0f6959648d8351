package dev.senderdomain.operator.dns;

import dev.senderdomain.operator.dns.OwnershipMarker.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan being made: the writes, the conflicts, what will be ours and what must be served after.
 * Mutable, and only ever inside one {@link RecordPlanner#plan} call.
 */
final class PlanDraft {
  final List<RecordSet> creates = new ArrayList<>();
  final List<ChangeSet.Update> updates = new ArrayList<>();
  final List<RecordSet> deletes = new ArrayList<>();
  final List<Conflict> conflicts = new ArrayList<>();
  final Map<RecordKey, Scope> owned = new TreeMap<>();
  final Map<String, List<String>> merged = new TreeMap<>();
  final List<RecordSet> expected = new ArrayList<>();
  final List<RecordKey> absent = new ArrayList<>();

  /** Makes the set at the key equal to {@code target} (no write when it already is). */
  void write(RecordSet current, RecordSet target) {
    if (current == null) {
      creates.add(target);
    } else if (!current.values().equals(target.values()) || current.ttl() != target.ttl()) {
      updates.add(new ChangeSet.Update(current, target));
    }
    expected.add(target);
  }

  /** Removes a whole set. */
  void delete(RecordSet current) {
    deletes.add(current);
    absent.add(current.key());
  }

  /** Replaces what is at a key with fewer values, none of them ours. */
  void shrink(RecordSet current, List<String> remaining) {
    updates.add(
        new ChangeSet.Update(
            current,
            new RecordSet(
                current.name(),
                current.type(),
                current.ttl(),
                remaining.stream().sorted().toList())));
  }

  void conflict(Conflict conflict) {
    conflicts.add(conflict);
  }

  void own(RecordKey key, Scope scope) {
    owned.put(key, scope);
  }

  PlanResult result(OwnershipMarker marker) {
    return new PlanResult(
        new ChangeSet(creates, updates, deletes), conflicts, marker, expected, absent);
  }

  static String quoted(List<String> values) {
    return values.stream()
        .map(v -> "\"" + v + "\"")
        .reduce((a, b) -> a + ", " + b)
        .orElse("(empty)");
  }
}
