package dev.senderdomain.operator.dns;

import dev.senderdomain.operator.dns.Conflict.Kind;
import dev.senderdomain.operator.dns.OwnershipMarker.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    // The domain's own SPF and DMARC names, even when we publish neither: a provider scope asks
    // whether someone else already sends mail as this domain.
    keys.add(new RecordKey(DomainNames.normalize(domain), RecordType.TXT));
    keys.add(new RecordKey("_dmarc." + DomainNames.normalize(domain), RecordType.TXT));
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
    if (!options.scope().foreignMailRecords()) {
      Optional<Conflict> foreign =
          ForeignMailRecords.find(domain, desired, current, marker, options);
      if (foreign.isPresent()) {
        return new PlanResult(
            ChangeSet.empty(), List.of(foreign.get()), marker, List.of(), List.of());
      }
    }
    return new Run(domain, desired, current, marker, options).plan(owner);
  }

  /** One planning pass; mutable only inside {@link #plan}. */
  private static final class Run {
    final String domain;
    final Map<RecordKey, List<DnsRecord>> desired = new TreeMap<>();
    final Map<RecordKey, RecordSet> current = new HashMap<>();
    final OwnershipMarker marker;
    final PlanDraft draft = new PlanDraft();
    final SpfPlanner spf;

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
      this.spf = new SpfPlanner(draft, this.current, marker, options);
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
          draft.owned.isEmpty()
              ? null
              : new OwnershipMarker(domain, owner, draft.owned, draft.merged);
      planMarker(next, ttl);
      return draft.result(next);
    }

    /**
     * The marker as it must stand after this plan. Values at the marker name that are not markers
     * are not ours either: they stay.
     */
    private void planMarker(OwnershipMarker next, long ttl) {
      RecordSet markerNow = current.get(OwnershipMarker.keyFor(domain));
      List<String> foreignAtMarker =
          markerNow == null
              ? List.of()
              : markerNow.values().stream()
                  .filter(v -> OwnershipMarker.parse(domain, v).isEmpty())
                  .toList();
      if (next != null) {
        List<String> values = new ArrayList<>(foreignAtMarker);
        values.add(next.value());
        draft.write(
            markerNow,
            new RecordSet(
                next.key().name(),
                RecordType.TXT,
                markerNow == null ? ttl : markerNow.ttl(),
                values.stream().sorted().toList()));
      } else if (markerNow != null && marker != null) {
        if (foreignAtMarker.isEmpty()) {
          draft.delete(markerNow);
        } else {
          draft.shrink(markerNow, foreignAtMarker);
        }
      }
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
        spf.plan(key, values.get(0), ttl, ownedScope(key).orElse(null));
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
      draft.conflict(
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
        draft.conflict(
            new Conflict(
                kind,
                key,
                cur.values(),
                key
                    + " already exists and was not created by the"
                    + " operator: "
                    + PlanDraft.quoted(cur.values())
                    + "; remove it, or make it equal to "
                    + PlanDraft.quoted(values)
                    + " so the operator adopts it"));
        return;
      }
      draft.write(cur, target);
      draft.own(key, Scope.SET);
    }

    /** What we owned at {@code key} and no longer want goes (only our part of it). */
    private void remove(RecordKey key, Scope scope) {
      RecordSet cur = current.get(key);
      if (cur == null) {
        return;
      }
      if (scope == Scope.SET) {
        draft.delete(cur);
      } else {
        spf.remove(key, cur, scope);
      }
    }

    private Optional<Scope> ownedScope(RecordKey key) {
      return marker == null ? Optional.empty() : marker.scope(key);
    }
  }
}
