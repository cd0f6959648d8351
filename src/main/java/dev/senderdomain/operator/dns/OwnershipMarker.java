package dev.senderdomain.operator.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which records of a domain the operator created, kept in DNS itself so it survives a lost status
 * (a restored cluster, a deleted and re-applied SenderDomain): one TXT value at {@code
 * _sdo-owner.<domain>}.
 *
 * <p>A separate name, not a TXT beside our records, because the apex already carries SPF and
 * site-verification TXT values, a tracking name must carry nothing but its CNAME (RFC 1034 3.6.2),
 * and provider comments or metadata exist only in some APIs. The value (one logical TXT string,
 * split into 255-octet strings on the wire):
 *
 * <pre>
 * heritage=senderdomain-operator; owner=mail/shop; set=_dmarc:TXT s1._domainkey:TXT bounce:MX; spf=@ bounce;
 * merged=@:include:_spf.mailer.example.net
 * </pre>
 *
 * <p>{@code set}: RRsets wholly ours. {@code spf}: names where only the v=spf1 value is ours (other
 * TXT values there are foreign and kept). {@code merged}: mechanisms we merged into a foreign
 * v=spf1 record ({@code spf.merge}). Names are relative to the domain ({@code @} is the domain
 * itself); a name outside it ends with a dot.
 */
public record OwnershipMarker(
    String domain,
    Owner owner,
    Map<RecordKey, Scope> entries,
    Map<String, List<String>> mergedTerms) {
  public static final String LABEL = "_sdo-owner";
  public static final String HERITAGE = "heritage=senderdomain-operator";

  /** What part of an RRset is ours. */
  public enum Scope {
    /** The whole RRset. */
    SET,
    /** Only the v=spf1 value of a TXT RRset. */
    SPF,
    /** Only the mechanisms listed in {@link #mergedTerms()} inside a foreign v=spf1 value. */
    MERGED
  }

  public OwnershipMarker {
    domain = DomainNames.normalize(domain);
    // Sorted, never Map.copyOf: value() iterates these maps, and Map.copyOf's order changes from
    // JVM to JVM, so every restarted operator would rewrite every marker.
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    SortedMap<String, List<String>> terms = new TreeMap<>();
    mergedTerms.forEach((k, v) -> terms.put(DomainNames.normalize(k), List.copyOf(v)));
    mergedTerms = Collections.unmodifiableSortedMap(terms);
  }

  /** {@code _sdo-owner.<domain>}. */
  public static String nameFor(String domain) {
    return LABEL + "." + DomainNames.normalize(domain);
  }

  public static RecordKey keyFor(String domain) {
    return new RecordKey(nameFor(domain), RecordType.TXT);
  }

  public RecordKey key() {
    return keyFor(domain);
  }

  /** The marker in {@code current} (the TXT set at {@link #keyFor}), if any value there is ours. */
  public static Optional<OwnershipMarker> find(String domain, List<RecordSet> current) {
    RecordKey key = keyFor(domain);
    for (RecordSet set : current) {
      if (set.key().equals(key)) {
        for (String v : set.values()) {
          Optional<OwnershipMarker> m = parse(domain, v);
          if (m.isPresent()) {
            return m;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Parses one TXT value; empty when it is not a marker (no heritage) or is malformed. */
  public static Optional<OwnershipMarker> parse(String domain, String value) {
    String[] parts = value.trim().split("\\s*;\\s*");
    if (parts.length < 2 || !parts[0].equals(HERITAGE)) {
      return Optional.empty();
    }
    Owner owner = null;
    Map<RecordKey, Scope> entries = new TreeMap<>();
    Map<String, List<String>> merged = new TreeMap<>();
    try {
      for (String part : Arrays.copyOfRange(parts, 1, parts.length)) {
        int eq = part.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String k = part.substring(0, eq);
        List<String> items = words(part.substring(eq + 1));
        switch (k) {
          case "owner" -> owner = Owner.parse(part.substring(eq + 1).trim());
          case "set" ->
              items.forEach(
                  i -> {
                    int colon = i.lastIndexOf(':');
                    RecordType type =
                        RecordType.valueOf(i.substring(colon + 1).toUpperCase(Locale.ROOT));
                    entries.put(
                        new RecordKey(absolute(i.substring(0, colon), domain), type), Scope.SET);
                  });
          case "spf" ->
              items.forEach(
                  i -> entries.put(new RecordKey(absolute(i, domain), RecordType.TXT), Scope.SPF));
          case "merged" ->
              items.forEach(
                  i -> {
                    int colon = i.indexOf(':');
                    String name = absolute(i.substring(0, colon), domain);
                    entries.put(new RecordKey(name, RecordType.TXT), Scope.MERGED);
                    merged
                        .computeIfAbsent(name, n -> new ArrayList<>())
                        .add(i.substring(colon + 1));
                  });
          default -> {} // later versions may add fields; ignore them rather than lose the marker
        }
      }
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
    return owner == null
        ? Optional.empty()
        : Optional.of(new OwnershipMarker(domain, owner, entries, merged));
  }

  /** The TXT value; deterministic (sorted), so an unchanged marker is never rewritten. */
  public String value() {
    StringBuilder sb = new StringBuilder(HERITAGE).append("; owner=").append(owner);
    List<String> set = new ArrayList<>();
    List<String> spf = new ArrayList<>();
    List<String> merged = new ArrayList<>();
    entries.forEach(
        (key, scope) -> {
          switch (scope) {
            case SET -> set.add(relative(key.name()) + ":" + key.type());
            case SPF -> spf.add(relative(key.name()));
            case MERGED ->
                mergedTerms
                    .getOrDefault(key.name(), List.of())
                    .forEach(t -> merged.add(relative(key.name()) + ":" + t));
          }
        });
    if (!set.isEmpty()) {
      sb.append("; set=").append(String.join(" ", set));
    }
    if (!spf.isEmpty()) {
      sb.append("; spf=").append(String.join(" ", spf));
    }
    if (!merged.isEmpty()) {
      sb.append("; merged=").append(String.join(" ", merged));
    }
    return sb.toString();
  }

  /** The marker as the RRset to publish. */
  public RecordSet toRecordSet(long ttl) {
    return new RecordSet(nameFor(domain), RecordType.TXT, ttl, List.of(value()));
  }

  public Optional<Scope> scope(RecordKey key) {
    return Optional.ofNullable(entries.get(key));
  }

  private String relative(String name) {
    if (name.equals(domain)) {
      return "@";
    }
    return name.endsWith("." + domain)
        ? name.substring(0, name.length() - domain.length() - 1)
        : name + ".";
  }

  private static String absolute(String rel, String domain) {
    if (rel.equals("@")) {
      return DomainNames.normalize(domain);
    }
    return rel.endsWith(".")
        ? DomainNames.normalize(rel)
        : DomainNames.normalize(rel + "." + domain);
  }

  private static List<String> words(String s) {
    String t = s.trim();
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }
}
