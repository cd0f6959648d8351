package dev.senderdomain.operator.rollout;

import dev.senderdomain.operator.dns.DomainNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
   * @param record its DMARC record; empty when it has none, one a receiver would discard, or it is
   *     unknown
   * @param queried the names queried, in order ({@code _dmarc.} prefixed)
   */
  public record Result(
      String domain, Method method, Optional<DmarcTxtRecord> record, List<String> queried) {
    public Result {
      Objects.requireNonNull(record, "record");
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
    String[] labels = DomainNames.normalize(domain).split("\\.");
    List<String> queried = new ArrayList<>();
    String shortestWithRecord = null;
    Optional<DmarcTxtRecord> shortestRecord = Optional.empty();
    int n = labels.length;
    while (n >= 1 && queried.size() < MAX_QUERIES) {
      String target = suffix(labels, n);
      queried.add("_dmarc." + target);
      Optional<DmarcTxtRecord> record = singleDmarcRecord(txt.apply("_dmarc." + target));
      if (record.isPresent()) {
        String psd = record.get().tags().getOrDefault("psd", "u").toLowerCase(Locale.ROOT);
        if (psd.equals("n")) {
          return new Result(target, Method.TREE_WALK, record, queried);
        }
        if (psd.equals("y")) {
          if (n == labels.length) {
            return new Result(target, Method.TREE_WALK, record, queried);
          }
          String org = suffix(labels, n + 1);
          Optional<DmarcTxtRecord> orgRecord =
              org.equals(shortestWithRecord) ? shortestRecord : Optional.empty();
          return new Result(org, Method.TREE_WALK, orgRecord, queried);
        }
        shortestWithRecord = target;
        shortestRecord = record;
      }
      // RFC 9989 DNS tree walk: from 8 or more labels jump to 7, else drop the left-most label.
      n = n >= MAX_QUERIES && n == labels.length ? MAX_QUERIES - 1 : n - 1;
    }
    if (shortestWithRecord == null) {
      return new Result(suffix(labels, labels.length), Method.TREE_WALK, Optional.empty(), queried);
    }
    return new Result(shortestWithRecord, Method.TREE_WALK, shortestRecord, queried);
  }

  /**
   * The RFC 7489 way, for when the operator has no DNS to walk: the public suffix list. {@code txt}
   * may be null (no DNS at all): the record is then unknown (empty).
   */
  public static Result publicSuffix(
      String domain, PublicSuffixList list, Function<String, List<String>> txt) {
    String org = list.organizationalDomain(DomainNames.normalize(domain));
    if (txt == null) {
      return new Result(org, Method.PUBLIC_SUFFIX_LIST, Optional.empty(), List.of());
    }
    return new Result(
        org,
        Method.PUBLIC_SUFFIX_LIST,
        singleDmarcRecord(txt.apply("_dmarc." + org)),
        List.of("_dmarc." + org));
  }

  /**
   * The one DMARC record among {@code txt}, read by {@link DmarcRecordParser}; empty when there is
   * none, more than one (RFC 7489 6.6.3: several records are all discarded), or the one has errors:
   * a receiver then applies no policy of it to names below (RFC 7489 6.6.3 falls back to p=none at
   * most), so it neither marks an organizational domain nor passes on a policy.
   */
  static Optional<DmarcTxtRecord> singleDmarcRecord(List<String> txt) {
    List<String> records =
        (txt == null ? List.<String>of() : txt)
            .stream().filter(DmarcRecordParser::startsAsDmarcRecord).toList();
    if (records.size() != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(DmarcRecordParser.parse(records.get(0)));
    } catch (InvalidDmarcRecordException e) {
      return Optional.empty();
    }
  }

  private static String suffix(String[] labels, int n) {
    return String.join(".", List.of(labels).subList(labels.length - n, labels.length));
  }
}
