package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.RecordStatus;
import dev.senderdomain.operator.records.RecordSetBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The record names the zone's authoritative servers serve as desired. Decided once per publish by
 * the verifier; {@code status.records[].served} keeps the answer for the next reconcile, which
 * reads it back here, the one place a served name becomes a served DKIM selector.
 */
record ServedNames(Set<String> names) {
  static final ServedNames NONE = new ServedNames(Set.of());

  ServedNames {
    names = Set.copyOf(names);
  }

  /** What the previous reconcile found served, as its status recorded it. */
  static ServedNames fromStatus(List<RecordStatus> records) {
    return records == null
        ? NONE
        : new ServedNames(
            records.stream()
                .filter(r -> Boolean.TRUE.equals(r.served) && r.name != null)
                .map(r -> r.name)
                .collect(Collectors.toSet()));
  }

  boolean contains(String name) {
    return names.contains(name);
  }

  /** The selectors whose key records are served, which the key lifecycle moves on from. */
  Set<String> dkimSelectors(String domain) {
    return names.stream()
        .map(n -> RecordSetBuilder.dkimSelector(n, domain))
        .flatMap(Optional::stream)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
