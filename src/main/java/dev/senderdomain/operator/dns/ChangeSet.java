package dev.senderdomain.operator.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * Whole-RRset changes, as ExternalDNS plans them: create a set that does not exist, update a set
 * from its old content to its new one (the old content doubles as the RFC 2136 3.2 prerequisite so
 * a concurrent edit is not overwritten), delete a set.
 */
public record ChangeSet(List<RecordSet> creates, List<Update> updates, List<RecordSet> deletes) {
  public ChangeSet {
    creates = List.copyOf(creates);
    updates = List.copyOf(updates);
    deletes = List.copyOf(deletes);
  }

  public static ChangeSet empty() {
    return new ChangeSet(List.of(), List.of(), List.of());
  }

  /** These changes and then {@code more}'s, each kind in order (for one request of many). */
  public ChangeSet plus(ChangeSet more) {
    return new ChangeSet(
        concat(creates, more.creates),
        concat(updates, more.updates),
        concat(deletes, more.deletes));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }

  public boolean isEmpty() {
    return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
  }

  public int size() {
    return creates.size() + updates.size() + deletes.size();
  }

  /** Every RRset this change set writes or deletes, in key order. */
  public java.util.SortedSet<RecordKey> keys() {
    java.util.SortedSet<RecordKey> keys = new java.util.TreeSet<>();
    creates.forEach(c -> keys.add(c.key()));
    updates.forEach(u -> keys.add(u.after().key()));
    deletes.forEach(d -> keys.add(d.key()));
    return keys;
  }

  /** One line per change, for people (push output, Events). */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    creates.forEach(s -> lines.add("+ create " + s.key() + " " + s.values()));
    updates.forEach(
        u ->
            lines.add(
                "~ update "
                    + u.after().key()
                    + " "
                    + u.before().values()
                    + " -> "
                    + u.after().values()));
    deletes.forEach(s -> lines.add("- delete " + s.key() + " " + s.values()));
    return lines;
  }

  /** Replace {@code before} with {@code after}; both have the same key. */
  public record Update(RecordSet before, RecordSet after) {
    public Update {
      if (!before.key().equals(after.key())) {
        throw new IllegalArgumentException(
            "update must keep name and type: " + before.key() + " vs " + after.key());
      }
    }
  }
}
