package dev.senderdomain.operator.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds a domain's organizational domain and that domain's DMARC record. Pure: DNS comes in as a
 * function.
 *
 * <p>RFC 9989 replaces the public suffix list with a DNS tree walk: query {@code _dmarc.<name>} for
 * the domain and then for ever shorter names, jumping straight to 7 labels from a longer name so
 * that a walk never takes more than 8 queries. A record with {@code psd=n} marks its domain as the
 * organizational domain; one with {@code psd=y} marks a public suffix domain, whose child on the
 * path is the organizational domain; otherwise it is the shortest name that has a record, or the
 * domain itself when none has. A name with no record or several records counts as none.
 */
public final class OrganizationalDomain {
  static final int MAX_QUERIES = 8;

  /** How the organizational domain was found. */
  public enum Method {
    TREE_WALK,
    PUBLIC_SUFFIX_LIST
  }

  /**
   * @param domain the organizational domain
   * @param method how it was found
   * @param record the tags of its DMARC record (lower-case names); empty when it has none or it is
   *     unknown
   * @param queried the names queried, in order ({@code _dmarc.} prefixed)
   */
  public record Result(
      String domain, Method method, Map<String, String> record, List<String> queried) {
    public Result {
      record = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(record));
      queried = List.copyOf(queried);
    }
  }

  private OrganizationalDomain() {}

  /**
   * The RFC 9989 tree walk from {@code domain}. {@code txt} returns every TXT string at a name
   * (empty when the name does not exist or has no TXT); it is called at most {@value #MAX_QUERIES}
   * times.
   */
  public static Result treeWalk(String domain, Function<String, List<String>> txt) {
    String[] labels = normalize(domain).split("\\.");
    List<String> queried = new ArrayList<>();
    String shortestWithRecord = null;
    Map<String, String> shortestRecord = Map.of();
    int n = labels.length;
    while (n >= 1 && queried.size() < MAX_QUERIES) {
      String target = suffix(labels, n);
      queried.add("_dmarc." + target);
      Map<String, String> record = singleDmarcRecord(txt.apply("_dmarc." + target));
      if (record != null) {
        String psd = record.getOrDefault("psd", "u");
        if (psd.equals("n")) {
          return new Result(target, Method.TREE_WALK, record, queried);
        }
        if (psd.equals("y")) {
          if (n == labels.length) {
            return new Result(target, Method.TREE_WALK, record, queried);
          }
          String org = suffix(labels, n + 1);
          Map<String, String> orgRecord =
              org.equals(shortestWithRecord) ? shortestRecord : Map.of();
          return new Result(org, Method.TREE_WALK, orgRecord, queried);
        }
        shortestWithRecord = target;
        shortestRecord = record;
      }
      // RFC 9989 DNS tree walk: from 8 or more labels jump to 7, else drop the left-most label.
      n = n >= MAX_QUERIES && n == labels.length ? MAX_QUERIES - 1 : n - 1;
    }
    if (shortestWithRecord == null) {
      return new Result(suffix(labels, labels.length), Method.TREE_WALK, Map.of(), queried);
    }
    return new Result(shortestWithRecord, Method.TREE_WALK, shortestRecord, queried);
  }

  /**
   * The RFC 7489 way, for when the operator has no DNS to walk: the public suffix list. {@code txt}
   * may be null (no DNS at all): the record is then unknown (empty).
   */
  public static Result publicSuffix(
      String domain, PublicSuffixList list, Function<String, List<String>> txt) {
    String org = list.organizationalDomain(normalize(domain));
    if (txt == null) {
      return new Result(org, Method.PUBLIC_SUFFIX_LIST, Map.of(), List.of());
    }
    Map<String, String> record = singleDmarcRecord(txt.apply("_dmarc." + org));
    return new Result(
        org,
        Method.PUBLIC_SUFFIX_LIST,
        record == null ? Map.of() : record,
        List.of("_dmarc." + org));
  }

  /**
   * The one DMARC record among {@code txt} as tag -> value, or null when there is none or more than
   * one (RFC 7489 6.6.3: several records are all discarded). A minimal tag splitter, enough for p,
   * sp, np, t, pct and psd.
   */
  static Map<String, String> singleDmarcRecord(List<String> txt) {
    Map<String, String> found = null;
    for (String value : txt == null ? List.<String>of() : txt) {
      Map<String, String> tags = tags(value);
      if (!"DMARC1".equals(tags.get("v")) || !value.strip().startsWith("v")) {
        continue;
      }
      if (found != null) {
        return null;
      }
      found = tags;
    }
    return found;
  }

  private static Map<String, String> tags(String value) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String part : value.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        String name = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String v = part.substring(eq + 1).strip();
        tags.putIfAbsent(name, name.equals("v") ? v : v.toLowerCase(Locale.ROOT));
      }
    }
    return tags;
  }

  private static String suffix(String[] labels, int n) {
    return String.join(".", List.of(labels).subList(labels.length - n, labels.length));
  }

  private static String normalize(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }
}
