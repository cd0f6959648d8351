package dev.senderdomain.operator.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The RFC 7208 4.6.4 processing limits of an SPF record, counted before it is published: at most 10
 * terms that cause DNS lookups ({@code include}, {@code a}, {@code mx}, {@code ptr}, {@code
 * exists}, {@code redirect}), counted through nested includes, and at most 2 void lookups (a name
 * with no SPF record answers nothing). Beyond either, receivers return permerror and the record
 * authorises nobody.
 *
 * <p>Pure given {@code spfLookup}: name to its v=spf1 record, empty when there is none (a void
 * lookup).
 */
public final class SpfBudget {
  public static final int MAX_LOOKUPS = 10;
  public static final int MAX_VOID_LOOKUPS = 2;
  private static final int MAX_DEPTH = 20;

  private SpfBudget() {}

  /**
   * A {@code spfLookup} asking {@code resolver} (dnsjava, no JVM caches): the v=spf1 value at a
   * name, empty for a void lookup (NXDOMAIN, no data, no SPF value). When DNS cannot be reached it
   * throws {@link java.io.UncheckedIOException}: the budget is then unknown, not exceeded.
   */
  public static Function<String, Optional<String>> lookupWith(org.xbill.DNS.Resolver resolver) {
    return name -> {
      org.xbill.DNS.Lookup lookup =
          new org.xbill.DNS.Lookup(WireRecords.name(name), org.xbill.DNS.Type.TXT);
      lookup.setResolver(resolver);
      lookup.setCache(null);
      org.xbill.DNS.Record[] records = lookup.run();
      return switch (lookup.getResult()) {
        case org.xbill.DNS.Lookup.SUCCESSFUL ->
            java.util.Arrays.stream(records)
                .map(WireRecords::value)
                .filter(SpfRecord::isSpf)
                .findFirst();
        case org.xbill.DNS.Lookup.HOST_NOT_FOUND, org.xbill.DNS.Lookup.TYPE_NOT_FOUND ->
            Optional.empty();
        default ->
            throw new java.io.UncheckedIOException(
                new java.io.IOException(
                    "SPF lookup of " + name + " failed: " + lookup.getErrorString()));
      };
    };
  }

  /**
   * @param lookups DNS-querying terms, includes expanded
   * @param voidLookups include/redirect targets without an SPF record
   * @param problems one sentence per problem found (limits exceeded, missing include targets,
   *     loops)
   */
  public record Result(int lookups, int voidLookups, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean withinLimits() {
      return lookups <= MAX_LOOKUPS && voidLookups <= MAX_VOID_LOOKUPS && problems.isEmpty();
    }
  }

  public static Result count(String spfValue, Function<String, Optional<String>> spfLookup) {
    Counter c = new Counter(spfLookup);
    c.walk(spfValue, 0, new HashSet<>());
    if (c.lookups > MAX_LOOKUPS) {
      c.problems.add(
          0,
          "the SPF record needs "
              + c.lookups
              + " DNS lookups with its includes expanded; receivers"
              + " stop at "
              + MAX_LOOKUPS
              + " and return permerror (RFC 7208 4.6.4)");
    }
    if (c.voids > MAX_VOID_LOOKUPS) {
      c.problems.add(
          0,
          "the SPF record causes "
              + c.voids
              + " void lookups; receivers allow "
              + MAX_VOID_LOOKUPS
              + " and return permerror (RFC 7208 4.6.4)");
    }
    return new Result(c.lookups, c.voids, c.problems);
  }

  private static final class Counter {
    final Function<String, Optional<String>> lookup;
    final List<String> problems = new ArrayList<>();
    int lookups;
    int voids;

    Counter(Function<String, Optional<String>> lookup) {
      this.lookup = lookup;
    }

    void walk(String record, int depth, Set<String> path) {
      List<String> terms = SpfRecord.terms(record);
      boolean hasAll = terms.stream().map(SpfBudget::mechanism).anyMatch("all"::equals);
      for (String term : terms) {
        String t = term.toLowerCase(Locale.ROOT);
        if (t.startsWith("redirect=")) {
          if (!hasAll) { // RFC 7208 6.1: redirect is ignored when the record has an "all" mechanism
            follow("redirect", term.substring("redirect=".length()), depth, path);
          }
          continue;
        }
        switch (mechanism(t)) {
          case "include" -> follow("include", term.substring(term.indexOf(':') + 1), depth, path);
          case "a", "mx", "ptr", "exists" -> lookups++;
          default -> {} // ip4, ip6, all and unknown modifiers cost no lookup
        }
        if (lookups > MAX_LOOKUPS * 3) {
          return; // far past the limit already; stop fetching
        }
      }
    }

    private void follow(String kind, String target, int depth, Set<String> path) {
      lookups++;
      String name = DomainNames.normalize(target);
      if (name.contains("%")) {
        return; // a macro is expanded per message (RFC 7208 7): counted, not followed
      }
      if (path.contains(name) || depth >= MAX_DEPTH) {
        problems.add(
            kind + ":" + name + " loops back to a record already being evaluated (permerror)");
        return;
      }
      Optional<String> record = lookup.apply(name);
      if (record.isEmpty()) {
        voids++;
        problems.add(kind + ":" + name + " has no SPF record (permerror, RFC 7208 5.2 and 6.1)");
        return;
      }
      path.add(name);
      walk(record.get(), depth + 1, path);
      path.remove(name);
    }
  }

  /** The mechanism name of a term without its qualifier or argument: "~include:x" is "include". */
  private static String mechanism(String term) {
    String t = term.toLowerCase(Locale.ROOT);
    if (!t.isEmpty() && "+-~?".indexOf(t.charAt(0)) >= 0) {
      t = t.substring(1);
    }
    int end = t.length();
    for (char sep : new char[] {':', '/', '='}) {
      int i = t.indexOf(sep);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return t.substring(0, end);
  }
}
