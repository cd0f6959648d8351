package dev.senderdomain.operator.dns;

import dev.senderdomain.operator.dns.Conflict.Kind;
import dev.senderdomain.operator.dns.OwnershipMarker.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The diff between what a domain should publish and what the zone holds, touching only what is
 * ours.
 *
 * <p>Pure: the caller reads {@link #keysToRead} from the provider and passes the sets back in.
 * Rules:
 *
 * <ul>
 *   <li>An RRset we own (per the {@link OwnershipMarker}) is made equal to the desired one: this
 *       also repairs drift.
 *   <li>An RRset we do not own is created when absent, adopted when it already holds exactly our
 *       values, and is otherwise a {@link Conflict}, never overwritten.
 *   <li>At an SPF name only the v=spf1 value is ours; other TXT values (site verification) travel
 *       along unchanged. A foreign v=spf1 value is merged into ({@link PlanOptions#spfMerge()}) or
 *       refused: RFC 7208 4.5 allows one.
 *   <li>What we owned and no longer want is removed (only our part of it).
 *   <li>Desired equal to current gives an empty change set: steady state writes nothing.
 * </ul>
 */
public final class RecordPlanner {
  private static final long DEFAULT_MARKER_TTL = 3600;

  private RecordPlanner() {}

  /**
   * Every key the plan looks at: each desired name in every type (CNAME clashes), the marker and
   * what it owns.
   */
  public static List<RecordKey> keysToRead(
      String domain, Collection<DnsRecord> desired, OwnershipMarker marker) {
    Set<RecordKey> keys = new LinkedHashSet<>();
    keys.add(OwnershipMarker.keyFor(domain));
    for (DnsRecord r : desired) {
      for (RecordType t : RecordType.values()) {
        keys.add(new RecordKey(r.name(), t));
      }
    }
    if (marker != null) {
      keys.addAll(marker.entries().keySet());
    }
    return List.copyOf(keys);
  }

  public static PlanResult plan(
      Owner owner,
      String domain,
      List<DnsRecord> desired,
      List<RecordSet> current,
      OwnershipMarker marker,
      PlanOptions options) {
    if (marker != null && !marker.owner().equals(owner) && !options.takeOverClaim()) {
      return new PlanResult(
          ChangeSet.empty(),
          List.of(
              new Conflict(
                  Kind.DomainClaimed,
                  marker.key(),
                  List.of(marker.value()),
                  domain
                      + " is claimed by SenderDomain "
                      + marker.owner()
                      + " (ownership marker "
                      + marker.key().name()
                      + ")")),
          marker,
          List.of(),
          List.of());
    }
    return new Run(domain, desired, current, marker, options).plan(owner);
  }

  /** One planning pass; mutable only inside {@link #plan}. */
  private static final class Run {
    final String domain;
    final Map<RecordKey, List<DnsRecord>> desired = new TreeMap<>();
    final Map<RecordKey, RecordSet> current = new HashMap<>();
    final OwnershipMarker marker;
    final PlanOptions options;
    final List<RecordSet> creates = new ArrayList<>();
    final List<ChangeSet.Update> updates = new ArrayList<>();
    final List<RecordSet> deletes = new ArrayList<>();
    final List<Conflict> conflicts = new ArrayList<>();
    final Map<RecordKey, Scope> owned = new TreeMap<>();
    final Map<String, List<String>> merged = new TreeMap<>();
    final List<RecordSet> expected = new ArrayList<>();
    final List<RecordKey> absent = new ArrayList<>();

    Run(
        String domain,
        List<DnsRecord> desired,
        List<RecordSet> current,
        OwnershipMarker marker,
        PlanOptions options) {
      this.domain = DomainNames.normalize(domain);
      desired.forEach(r -> this.desired.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
      current.forEach(s -> this.current.put(s.key(), s));
      this.marker = marker;
      this.options = options;
    }

    PlanResult plan(Owner owner) {
      long ttl =
          desired.values().stream().findFirst().map(l -> l.get(0).ttl()).orElse(DEFAULT_MARKER_TTL);
      desired.forEach(this::planKey);
      if (marker != null) {
        marker
            .entries()
            .forEach(
                (key, scope) -> {
                  if (!desired.containsKey(key)) {
                    remove(key, scope);
                  }
                });
      }
      OwnershipMarker next =
          owned.isEmpty() ? null : new OwnershipMarker(domain, owner, owned, merged);
      RecordSet markerNow = current.get(OwnershipMarker.keyFor(domain));
      // Values at the marker name that are not markers are not ours either: they stay.
      List<String> foreignAtMarker =
          markerNow == null
              ? List.of()
              : markerNow.values().stream()
                  .filter(v -> OwnershipMarker.parse(domain, v).isEmpty())
                  .toList();
      if (next != null) {
        List<String> values = new ArrayList<>(foreignAtMarker);
        values.add(next.value());
        RecordSet target =
            new RecordSet(
                next.key().name(),
                RecordType.TXT,
                markerNow == null ? ttl : markerNow.ttl(),
                values.stream().sorted().toList());
        if (markerNow == null) {
          creates.add(target);
        } else if (!markerNow.values().equals(target.values())) {
          updates.add(new ChangeSet.Update(markerNow, target));
        }
        expected.add(target);
      } else if (markerNow != null && marker != null) {
        if (foreignAtMarker.isEmpty()) {
          deletes.add(markerNow);
          absent.add(markerNow.key());
        } else {
          updates.add(
              new ChangeSet.Update(
                  markerNow,
                  new RecordSet(
                      markerNow.name(), RecordType.TXT, markerNow.ttl(), foreignAtMarker)));
        }
      }
      return new PlanResult(
          new ChangeSet(creates, updates, deletes), conflicts, next, expected, absent);
    }

    private void planKey(RecordKey key, List<DnsRecord> records) {
      List<String> values = records.stream().map(DnsRecord::value).distinct().sorted().toList();
      long ttl = records.get(0).ttl();
      if (cnameClash(key)) {
        return;
      }
      long spfCount = values.stream().filter(SpfRecord::isSpf).count();
      if (key.type() == RecordType.TXT && spfCount > 0) {
        if (spfCount != 1 || values.size() != 1) {
          throw new IllegalArgumentException(
              "one SPF value and nothing else may be desired at " + key);
        }
        planSpf(key, values.get(0), ttl);
      } else {
        planWholeSet(key, values, ttl);
      }
    }

    /** RFC 1034 3.6.2: a CNAME owner has no other data; neither side is overwritten. */
    private boolean cnameClash(RecordKey key) {
      List<String> found = new ArrayList<>();
      for (RecordType t : RecordType.values()) {
        RecordKey other = new RecordKey(key.name(), t);
        boolean clashes =
            key.type() == RecordType.CNAME ? t != RecordType.CNAME : t == RecordType.CNAME;
        RecordSet set = current.get(other);
        if (clashes && set != null && !ownedScope(other).isPresent()) {
          set.values().forEach(v -> found.add(t + " " + v));
        }
      }
      if (found.isEmpty()) {
        return false;
      }
      conflicts.add(
          new Conflict(
              Kind.CnameConflict,
              key,
              found,
              key
                  + " is needed but "
                  + key.name()
                  + " already has "
                  + String.join(", ", found)
                  + " (a CNAME cannot share its name with other records,"
                  + " RFC 1034 3.6.2); remove it or choose another name"));
      return true;
    }

    private void planWholeSet(RecordKey key, List<String> values, long ttl) {
      RecordSet cur = current.get(key);
      RecordSet target = new RecordSet(key.name(), key.type(), ttl, values);
      boolean ours = ownedScope(key).isPresent();
      if (cur != null && !ours && !cur.values().equals(values)) {
        Kind kind = key.name().startsWith("_dmarc.") ? Kind.ForeignDmarcRecord : Kind.ForeignRecord;
        conflicts.add(
            new Conflict(
                kind,
                key,
                cur.values(),
                key
                    + " already exists and was not created by the"
                    + " operator: "
                    + quoted(cur.values())
                    + "; remove it, or make it equal to "
                    + quoted(values)
                    + " so the operator adopts it"));
        return;
      }
      write(cur, target);
      owned.put(key, Scope.SET);
    }

    private void planSpf(RecordKey key, String ourSpf, long ttl) {
      RecordSet cur = current.get(key);
      List<String> curSpf =
          cur == null ? List.of() : cur.values().stream().filter(SpfRecord::isSpf).toList();
      Scope scope = ownedScope(key).orElse(null);
      if (curSpf.size() > 1) {
        conflictSpf(
            key,
            curSpf,
            "several v=spf1 records exist at "
                + key.name()
                + " (receivers already return permerror, RFC 7208 4.5): "
                + quoted(curSpf)
                + "; keep only one");
        return;
      }
      String foreign = curSpf.isEmpty() ? null : curSpf.get(0);
      if (scope == Scope.MERGED && foreign != null) {
        String base =
            SpfRecord.unmerge(foreign, marker.mergedTerms().getOrDefault(key.name(), List.of()));
        if (!options.spfMerge()) {
          replaceSpf(key, cur, foreign, base);
          conflictSpf(key, List.of(base), null);
          return;
        }
        mergeInto(key, cur, foreign, base, ourSpf);
      } else if (foreign == null
          || foreign.equals(ourSpf)
          || scope == Scope.SPF
          || scope == Scope.SET) {
        replaceSpf(key, cur, foreign, ourSpf);
        owned.put(key, Scope.SPF);
      } else if (options.spfMerge()) {
        mergeInto(key, cur, foreign, foreign, ourSpf);
      } else {
        conflictSpf(key, curSpf, null);
      }
    }

    private void mergeInto(
        RecordKey key, RecordSet cur, String foreign, String base, String ourSpf) {
      List<String> ours = SpfRecord.mergeableTerms(ourSpf);
      List<String> added = SpfRecord.added(base, ours);
      replaceSpf(key, cur, foreign, SpfRecord.merge(base, ours));
      owned.put(key, Scope.MERGED);
      merged.put(key.name(), added);
    }

    private void conflictSpf(RecordKey key, List<String> found, String message) {
      conflicts.add(
          new Conflict(
              Kind.ForeignSpfRecord,
              key,
              found,
              message != null
                  ? message
                  : "a v=spf1 record not created by the operator exists at "
                      + key.name()
                      + ": "
                      + quoted(found)
                      + "; only one SPF record may exist per name (RFC 7208 4.5): set spec.spf.merge: true to merge our"
                      + " mechanisms into it, or remove it"));
    }

    /**
     * The set at {@code key} with its SPF value {@code from} (null: none) replaced by {@code to};
     * others kept.
     */
    private void replaceSpf(RecordKey key, RecordSet cur, String from, String to) {
      List<String> values = new ArrayList<>(cur == null ? List.of() : cur.values());
      if (from != null) {
        values.remove(from);
      }
      values.add(to);
      long ttl = cur == null ? desired.get(key).get(0).ttl() : ttlForShared(key, cur);
      write(
          cur,
          new RecordSet(key.name(), key.type(), ttl, values.stream().distinct().sorted().toList()));
    }

    /**
     * A set holding foreign values keeps its TTL (it is theirs too); a set only we use gets ours.
     */
    private long ttlForShared(RecordKey key, RecordSet cur) {
      boolean onlySpf = cur.values().stream().allMatch(SpfRecord::isSpf);
      return onlySpf ? desired.get(key).get(0).ttl() : cur.ttl();
    }

    private void remove(RecordKey key, Scope scope) {
      RecordSet cur = current.get(key);
      if (cur == null) {
        return;
      }
      if (scope == Scope.SET) {
        deletes.add(cur);
        absent.add(key);
        return;
      }
      List<String> curSpf = cur.values().stream().filter(SpfRecord::isSpf).toList();
      if (curSpf.size() != 1) {
        return; // nothing of ours left, or a mess we did not make: leave it
      }
      List<String> values = new ArrayList<>(cur.values());
      values.remove(curSpf.get(0));
      if (scope == Scope.MERGED) {
        values.add(
            SpfRecord.unmerge(
                curSpf.get(0), marker.mergedTerms().getOrDefault(key.name(), List.of())));
      }
      if (values.isEmpty()) {
        deletes.add(cur);
        absent.add(key);
      } else {
        updates.add(
            new ChangeSet.Update(
                cur,
                new RecordSet(
                    key.name(), key.type(), cur.ttl(), values.stream().sorted().toList())));
      }
    }

    private void write(RecordSet cur, RecordSet target) {
      if (cur == null) {
        creates.add(target);
      } else if (!cur.values().equals(target.values()) || cur.ttl() != target.ttl()) {
        updates.add(new ChangeSet.Update(cur, target));
      }
      expected.add(target);
    }

    private java.util.Optional<Scope> ownedScope(RecordKey key) {
      return marker == null ? java.util.Optional.empty() : marker.scope(key);
    }

    private static String quoted(List<String> values) {
      return values.stream()
          .map(v -> "\"" + v + "\"")
          .reduce((a, b) -> a + ", " + b)
          .orElse("(empty)");
    }
  }
}
