package dev.senderdomain.operator.rollout;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A parsed DMARC policy record: the TXT value at {@code _dmarc.<domain>} (RFC 7489 6.3, RFC 9989
 * 4.7), as returned by {@link DmarcRecordParser}. {@link #tags()} holds every tag in order with its
 * value as published (tag names in lower case); the typed accessors give the RFC's meaning, with
 * the defaults the RFCs define where noted. Obtain instances from the parser: the canonical
 * constructor does not re-validate tag values, and the typed accessors assume valid ones.
 *
 * @param tags tag name to raw value, in record order, starting with {@code v=DMARC1}
 * @param rua aggregate report URIs ({@code rua}), possibly empty
 * @param ruf failure report URIs ({@code ruf}), possibly empty
 */
public record DmarcTxtRecord(Map<String, String> tags, List<ReportUri> rua, List<ReportUri> ruf) {

  /** Identifier alignment mode ({@code adkim}, {@code aspf}). */
  public enum Alignment {
    RELAXED,
    STRICT
  }

  /**
   * A reporting URI with its optional size limit (RFC 7489 6.2: {@code mailto:a@example.com!10m}).
   *
   * @param uri the URI without the size suffix
   * @param maxBytes the size limit in bytes, or null when none was given
   */
  public record ReportUri(String uri, Long maxBytes) {}

  public DmarcTxtRecord {
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    rua = List.copyOf(rua);
    ruf = List.copyOf(ruf);
  }

  /** {@code p} as published, empty when absent (RFC 9989 allows that; RFC 7489 requires it). */
  public Optional<DmarcPolicy> p() {
    return policy("p");
  }

  /** {@code sp} as published. */
  public Optional<DmarcPolicy> sp() {
    return policy("sp");
  }

  /** RFC 9989 {@code np} as published. */
  public Optional<DmarcPolicy> np() {
    return policy("np");
  }

  /**
   * The policy for the domain itself: {@code p}, or none when absent (RFC 9989 4.7, RFC 7489
   * 6.6.3).
   */
  public DmarcPolicy effectivePolicy() {
    return p().orElse(DmarcPolicy.NONE);
  }

  /** The policy for subdomains: {@code sp}, else {@code p} (RFC 7489 6.3). */
  public DmarcPolicy effectiveSubdomainPolicy() {
    return sp().orElse(effectivePolicy());
  }

  /**
   * The policy for non-existent subdomains: {@code np}, else the subdomain policy (RFC 9989 4.7).
   */
  public DmarcPolicy effectiveNonExistentPolicy() {
    return np().orElse(effectiveSubdomainPolicy());
  }

  /** RFC 7489 {@code pct} as published (RFC 9989 dropped it). */
  public Optional<Integer> pct() {
    return Optional.ofNullable(tags.get("pct")).map(Integer::valueOf);
  }

  /** {@code pct}, default 100. */
  public int effectivePct() {
    return pct().orElse(100);
  }

  /** RFC 9989 test mode: {@code t=y}; absent means n. */
  public boolean testing() {
    return "y".equalsIgnoreCase(tags.get("t"));
  }

  /** {@code adkim}, default relaxed. */
  public Alignment adkim() {
    return alignment("adkim");
  }

  /** {@code aspf}, default relaxed. */
  public Alignment aspf() {
    return alignment("aspf");
  }

  /** The record in canonical form: tags in their original order, separated by {@code "; "}. */
  public String toTxt() {
    StringJoiner out = new StringJoiner("; ");
    tags.forEach((name, value) -> out.add(name + "=" + value));
    return out.toString();
  }

  private Optional<DmarcPolicy> policy(String tag) {
    return Optional.ofNullable(tags.get(tag))
        .map(v -> DmarcPolicy.valueOf(v.toUpperCase(Locale.ROOT)));
  }

  private Alignment alignment(String tag) {
    return "s".equalsIgnoreCase(tags.get(tag)) ? Alignment.STRICT : Alignment.RELAXED;
  }
}
