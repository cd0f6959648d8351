package dev.senderdomain.operator.dns;

import dev.senderdomain.operator.dns.Conflict.Kind;
import dev.senderdomain.operator.dns.OwnershipMarker.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SPF part of a plan. At an SPF name only the v=spf1 value is ours; other TXT values (site
 * verification strings) travel along unchanged. RFC 7208 4.5 allows one SPF record per name, so a
 * v=spf1 value somebody else published is either merged into ({@link PlanOptions#spfMerge()}: our
 * mechanisms go before its {@code all}, and only what we added is ever taken out again) or refused.
 */
final class SpfPlanner {
  private final PlanDraft draft;
  private final Map<RecordKey, RecordSet> current;
  private final OwnershipMarker marker;
  private final PlanOptions options;

  SpfPlanner(
      PlanDraft draft,
      Map<RecordKey, RecordSet> current,
      OwnershipMarker marker,
      PlanOptions options) {
    this.draft = draft;
    this.current = current;
    this.marker = marker;
    this.options = options;
  }

  /** Publishes {@code ourSpf} at {@code key} with {@code ttl}, respecting what is not ours. */
  void plan(RecordKey key, String ourSpf, long ttl, Scope scope) {
    RecordSet cur = current.get(key);
    List<String> curSpf =
        cur == null ? List.of() : cur.values().stream().filter(SpfRecord::isSpf).toList();
    if (curSpf.size() > 1) {
      conflict(
          key,
          curSpf,
          "several v=spf1 records exist at "
              + key.name()
              + " (receivers already return permerror, RFC 7208 4.5): "
              + PlanDraft.quoted(curSpf)
              + "; keep only one");
      return;
    }
    String foreign = curSpf.isEmpty() ? null : curSpf.get(0);
    if (scope == Scope.MERGED && foreign != null) {
      String base = SpfRecord.unmerge(foreign, mergedTerms(key));
      if (!options.spfMerge() || !options.scope().spfMerge()) {
        // The foreign record as it was before we merged; its TTL was never ours.
        replace(key, cur, foreign, base, cur.ttl());
        if (options.spfMerge()) {
          mergeRefused(key, base);
        } else {
          conflict(key, List.of(base), null);
        }
        return;
      }
      mergeInto(key, cur, foreign, base, ourSpf);
    } else if (foreign == null
        || foreign.equals(ourSpf)
        || scope == Scope.SPF
        || scope == Scope.SET) {
      replace(key, cur, foreign, ourSpf, ttl);
      draft.own(key, Scope.SPF);
    } else if (options.spfMerge() && options.scope().spfMerge()) {
      mergeInto(key, cur, foreign, foreign, ourSpf);
    } else if (options.spfMerge()) {
      mergeRefused(key, foreign);
    } else {
      conflict(key, curSpf, null);
    }
  }

  private void mergeRefused(RecordKey key, String foreign) {
    draft.conflict(
        new Conflict(
            Kind.ProviderNotAllowed,
            key,
            List.of(foreign),
            "spec.spf.merge would merge into the v=spf1 record at "
                + key.name()
                + " that the operator did not create ("
                + PlanDraft.quoted(List.of(foreign))
                + "): "
                + options.scope().provider()
                + " allows that only with spec.allowSpfMerge: true; nothing was merged"));
  }

  /** Takes our SPF value (or the mechanisms we merged) out of {@code cur}; the rest stays. */
  void remove(RecordKey key, RecordSet cur, Scope scope) {
    List<String> curSpf = cur.values().stream().filter(SpfRecord::isSpf).toList();
    if (curSpf.size() != 1) {
      return; // nothing of ours left, or a mess we did not make: leave it
    }
    List<String> values = new ArrayList<>(cur.values());
    values.remove(curSpf.get(0));
    if (scope == Scope.MERGED) {
      values.add(SpfRecord.unmerge(curSpf.get(0), mergedTerms(key)));
    }
    if (values.isEmpty()) {
      draft.delete(cur);
    } else {
      draft.shrink(cur, values);
    }
  }

  private List<String> mergedTerms(RecordKey key) {
    return marker.mergedTerms().getOrDefault(key.name(), List.of());
  }

  /**
   * Our mechanisms into the foreign record; the record stays theirs, TTL included (its owner chose
   * how long receivers cache it).
   */
  private void mergeInto(RecordKey key, RecordSet cur, String foreign, String base, String ourSpf) {
    List<String> ours = SpfRecord.mergeableTerms(ourSpf);
    List<String> added = SpfRecord.added(base, ours);
    replace(key, cur, foreign, SpfRecord.merge(base, ours), cur.ttl());
    draft.own(key, Scope.MERGED);
    draft.merged.put(key.name(), added);
  }

  private void conflict(RecordKey key, List<String> found, String message) {
    draft.conflict(
        new Conflict(
            Kind.ForeignSpfRecord,
            key,
            found,
            message != null
                ? message
                : "a v=spf1 record not created by the operator exists at "
                    + key.name()
                    + ": "
                    + PlanDraft.quoted(found)
                    + "; only one SPF record may exist per name (RFC 7208 4.5): set spec.spf.merge:"
                    + " true to merge our mechanisms into it, or remove it"));
  }

  /**
   * The set at {@code key} with its SPF value {@code from} (null: none) replaced by {@code to};
   * others kept. A set holding foreign values keeps its TTL (it is theirs too); a set only SPF uses
   * gets ours.
   */
  private void replace(RecordKey key, RecordSet cur, String from, String to, long ttl) {
    List<String> values = new ArrayList<>(cur == null ? List.of() : cur.values());
    if (from != null) {
      values.remove(from);
    }
    values.add(to);
    long setTtl = cur == null || cur.values().stream().allMatch(SpfRecord::isSpf) ? ttl : cur.ttl();
    draft.write(
        cur,
        new RecordSet(
            key.name(), key.type(), setTtl, values.stream().distinct().sorted().toList()));
  }
}
