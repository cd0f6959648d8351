package dev.senderdomain.operator.dns;

import java.util.List;

/**
 * What to write and what not.
 *
 * @param changes the writes; empty in steady state. Keys in conflict are not in it, everything else
 *     is.
 * @param conflicts records we need but may not write (nothing of theirs is touched)
 * @param marker the ownership marker as it stands after {@code changes} are applied (null: we own
 *     nothing)
 * @param expected every RRset we own as it must be served after {@code changes}, marker included:
 *     what the {@link Verifier} checks
 * @param absent keys we deleted, which must no longer be served
 */
public record PlanResult(
    ChangeSet changes,
    List<Conflict> conflicts,
    OwnershipMarker marker,
    List<RecordSet> expected,
    List<RecordKey> absent) {
  public PlanResult {
    conflicts = List.copyOf(conflicts);
    expected = List.copyOf(expected);
    absent = List.copyOf(absent);
  }

  public boolean hasConflicts() {
    return !conflicts.isEmpty();
  }
}
