package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.api.v1alpha1.BounceSpec;
import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.api.v1alpha1.SpfSpec;
import dev.senderdomain.operator.api.v1alpha1.TrackingSpec;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.records.SenderDomainConfig;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a raw spec into a {@link SenderDomainConfig} or lists every problem with the field it is
 * in. The CRD schema refuses most of these already; this is the same check for what the schema
 * cannot express and for {@code plan} and {@code push}, which never see an API server.
 */
public final class SenderDomainValidator {
  // A plain mailto: URI (RFC 7489 6.2): no size suffix, no separators that would inject further
  // tags.
  private static final Pattern MAILTO =
      Pattern.compile("^mailto:([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+)@([^@\\s;,!]+)$");
  private static final List<String> ALGORITHMS = List.of("rsa-2048", "rsa-1024", "ed25519");
  private static final Duration MAX_MONITOR_FOR = Duration.ofDays(365);

  private SenderDomainValidator() {}

  public static SenderDomainConfig validate(SenderDomainSpec spec) throws InvalidSpecException {
    List<FieldError> errors = new ArrayList<>();
    if (spec == null) {
      throw new InvalidSpecException(List.of(new FieldError("spec", "is required")));
    }
    String domain = domainName("spec.domain", spec.domain, false, errors);
    if (spec.providerRef == null
        || spec.providerRef.name == null
        || spec.providerRef.name.isBlank()) {
      errors.add(new FieldError("spec.providerRef.name", "is required"));
    }
    long ttl = SenderDomainConfig.DEFAULT_TTL;
    if (spec.ttl != null) {
      if (spec.ttl < 30 || spec.ttl > 604800) {
        errors.add(
            new FieldError("spec.ttl", "must be between 30 and 604800 seconds, got " + spec.ttl));
      } else {
        ttl = spec.ttl;
      }
    }
    SenderDomainConfig.Spf spf = spec.spf == null ? null : spf("spec.spf", spec.spf, errors);
    List<String> algorithms = algorithms(spec, errors);
    SenderDomainConfig.Bounce bounce = bounce(spec.bounce, domain, spf, errors);
    SenderDomainConfig.Tracking tracking = tracking(spec.tracking, domain, errors);
    DmarcSpec dmarc = spec.dmarc == null ? new DmarcSpec() : spec.dmarc;
    DmarcOptions options = dmarcOptions(dmarc, errors);
    RolloutTarget rollout = rollout(dmarc.rollout, errors);
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
    }
    return new SenderDomainConfig(domain, ttl, spf, algorithms, bounce, tracking, options, rollout);
  }

  private static String domainName(
      String field, String value, boolean underscore, List<FieldError> errors) {
    StringBuilder problem = new StringBuilder();
    String ascii = DnsNames.toAsciiDomain(value, underscore, problem);
    if (ascii == null) {
      errors.add(new FieldError(field, problem.toString()));
    }
    return ascii;
  }

  private static SenderDomainConfig.Spf spf(String field, SpfSpec spec, List<FieldError> errors) {
    List<String> ip4 = list(spec.ip4);
    List<String> ip6 = list(spec.ip6);
    List<String> include = new ArrayList<>();
    for (int i = 0; i < ip4.size(); i++) {
      int idx = i;
      IpRanges.ip4Problem(ip4.get(i))
          .ifPresent(p -> errors.add(new FieldError(field + ".ip4[" + idx + "]", p)));
    }
    for (int i = 0; i < ip6.size(); i++) {
      int idx = i;
      IpRanges.ip6Problem(ip6.get(i))
          .ifPresent(p -> errors.add(new FieldError(field + ".ip6[" + idx + "]", p)));
    }
    List<String> includes = list(spec.include);
    for (int i = 0; i < includes.size(); i++) {
      String d = domainName(field + ".include[" + i + "]", includes.get(i), true, errors);
      if (d != null) {
        include.add(d);
      }
    }
    char all = '-';
    if (spec.all != null) {
      switch (spec.all) {
        case "fail" -> all = '-';
        case "softfail" -> all = '~';
        case "neutral" -> all = '?';
        default ->
            errors.add(
                new FieldError(
                    field + ".all",
                    "must be fail, softfail or neutral, got '"
                        + DnsNames.abbreviate(spec.all)
                        + "'"));
      }
    }
    return new SenderDomainConfig.Spf(ip4, ip6, include, all, Boolean.TRUE.equals(spec.merge));
  }

  private static List<String> algorithms(SenderDomainSpec spec, List<FieldError> errors) {
    List<String> algs = spec.dkim == null ? List.of() : list(spec.dkim.algorithms);
    if (algs.isEmpty()) {
      return List.of("rsa-2048");
    }
    for (int i = 0; i < algs.size(); i++) {
      if (!ALGORITHMS.contains(algs.get(i))) {
        errors.add(
            new FieldError(
                "spec.dkim.algorithms[" + i + "]",
                "must be one of "
                    + ALGORITHMS
                    + ", got '"
                    + DnsNames.abbreviate(String.valueOf(algs.get(i)))
                    + "'"));
      }
    }
    if (algs.stream().distinct().count() != algs.size()) {
      errors.add(new FieldError("spec.dkim.algorithms", "lists an algorithm twice"));
    }
    return algs;
  }

  private static SenderDomainConfig.Bounce bounce(
      BounceSpec spec, String domain, SenderDomainConfig.Spf domainSpf, List<FieldError> errors) {
    if (spec == null) {
      return null;
    }
    String name = subdomain("spec.bounce.name", spec.name, domain, errors);
    List<SenderDomainConfig.Mx> mx = new ArrayList<>();
    List<BounceSpec.Mx> specMx = list(spec.mx);
    for (int i = 0; i < specMx.size(); i++) {
      BounceSpec.Mx m = specMx.get(i);
      int pref = m.preference == null ? 10 : m.preference;
      if (pref < 0 || pref > 65535) {
        errors.add(new FieldError("spec.bounce.mx[" + i + "].preference", "must be 0..65535"));
      }
      String host = domainName("spec.bounce.mx[" + i + "].host", m.host, false, errors);
      if (host != null) {
        mx.add(new SenderDomainConfig.Mx(pref, host));
      }
    }
    SenderDomainConfig.Spf spf =
        spec.spf != null ? spf("spec.bounce.spf", spec.spf, errors) : domainSpf;
    return name == null ? null : new SenderDomainConfig.Bounce(name, mx, spf);
  }

  private static SenderDomainConfig.Tracking tracking(
      TrackingSpec spec, String domain, List<FieldError> errors) {
    if (spec == null) {
      return null;
    }
    String name = subdomain("spec.tracking.name", spec.name, domain, errors);
    String target = domainName("spec.tracking.target", spec.target, false, errors);
    return name == null || target == null ? null : new SenderDomainConfig.Tracking(name, target);
  }

  private static String subdomain(
      String field, String label, String domain, List<FieldError> errors) {
    if (label == null || label.isEmpty()) {
      errors.add(new FieldError(field, "must not be empty"));
      return null;
    }
    Optional<String> problem = DnsNames.labelProblem(label, true);
    if (problem.isPresent()) {
      errors.add(new FieldError(field, problem.get()));
      return null;
    }
    return domain == null ? null : label.toLowerCase(java.util.Locale.ROOT) + "." + domain;
  }

  private static DmarcOptions dmarcOptions(DmarcSpec spec, List<FieldError> errors) {
    List<String> rua = mailtos("spec.dmarc.rua", list(spec.rua), errors);
    List<String> ruf = mailtos("spec.dmarc.ruf", list(spec.ruf), errors);
    boolean strictDkim = false;
    boolean strictSpf = false;
    if (spec.alignment != null) {
      strictDkim = alignment("spec.dmarc.alignment.dkim", spec.alignment.dkim, errors);
      strictSpf = alignment("spec.dmarc.alignment.spf", spec.alignment.spf, errors);
    }
    DmarcPolicy sp = policy("spec.dmarc.subdomainPolicy", spec.subdomainPolicy, errors);
    DmarcPolicy np =
        policy("spec.dmarc.nonExistentSubdomainPolicy", spec.nonExistentSubdomainPolicy, errors);
    return new DmarcOptions(rua, ruf, strictDkim, strictSpf, sp, np);
  }

  private static List<String> mailtos(String field, List<String> uris, List<FieldError> errors) {
    List<String> ok = new ArrayList<>();
    for (int i = 0; i < uris.size(); i++) {
      String uri = uris.get(i);
      var m = uri == null ? null : MAILTO.matcher(uri);
      if (m == null || !m.matches()) {
        errors.add(
            new FieldError(
                field + "[" + i + "]",
                "must be a plain mailto: URI like mailto:dmarc@example.com, got '"
                    + DnsNames.abbreviate(String.valueOf(uri))
                    + "'"));
        continue;
      }
      int before = errors.size();
      String host = domainName(field + "[" + i + "]", m.group(2), false, errors);
      if (errors.size() == before && host != null) {
        ok.add("mailto:" + m.group(1) + "@" + host);
      }
    }
    return ok;
  }

  private static boolean alignment(String field, String value, List<FieldError> errors) {
    if (value == null || value.equals("relaxed")) {
      return false;
    }
    if (value.equals("strict")) {
      return true;
    }
    errors.add(
        new FieldError(
            field, "must be relaxed or strict, got '" + DnsNames.abbreviate(value) + "'"));
    return false;
  }

  private static DmarcPolicy policy(String field, String value, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    try {
      return DmarcPolicy.parse(value);
    } catch (IllegalArgumentException e) {
      errors.add(
          new FieldError(
              field,
              "must be one of none, quarantine, reject, got '" + DnsNames.abbreviate(value) + "'"));
      return null;
    }
  }

  private static RolloutTarget rollout(DmarcSpec.Rollout spec, List<FieldError> errors) {
    if (spec == null) {
      return RolloutTarget.monitorOnly();
    }
    Instant start = instant("spec.dmarc.rollout.start", spec.start, errors);
    Instant target = instant("spec.dmarc.rollout.targetDate", spec.targetDate, errors);
    DmarcPolicy policy =
        spec.targetPolicy == null
            ? DmarcPolicy.REJECT
            : policy("spec.dmarc.rollout.targetPolicy", spec.targetPolicy, errors);
    if (start != null && target == null && spec.targetDate == null && policy != DmarcPolicy.NONE) {
      errors.add(new FieldError("spec.dmarc.rollout.targetDate", "is required when start is set"));
    }
    if (start != null && target != null && !target.isAfter(start)) {
      errors.add(
          new FieldError(
              "spec.dmarc.rollout.targetDate", "must be after start (" + spec.start + ")"));
    }
    int percent = RolloutTarget.DEFAULT_TARGET_PERCENT;
    if (spec.targetPercent != null) {
      if (spec.targetPercent < 1 || spec.targetPercent > 100) {
        errors.add(
            new FieldError(
                "spec.dmarc.rollout.targetPercent",
                "must be a percentage 1..100, got " + spec.targetPercent));
      } else {
        percent = spec.targetPercent;
      }
    }
    List<Integer> steps = rolloutSteps(spec.steps, errors);
    Duration monitorFor = monitorFor(spec.monitorFor, errors);
    return new RolloutTarget(
        start, policy, target, Boolean.TRUE.equals(spec.paused), percent, steps, monitorFor);
  }

  /** Strictly ascending percentages 1..100; absent means the daily curve (an empty list). */
  private static List<Integer> rolloutSteps(List<Integer> steps, List<FieldError> errors) {
    if (steps == null) {
      return List.of();
    }
    if (steps.isEmpty()) {
      errors.add(
          new FieldError(
              "spec.dmarc.rollout.steps",
              "must list at least one percentage, or be left out for the daily curve"));
      return List.of();
    }
    int before = errors.size();
    for (int i = 0; i < steps.size(); i++) {
      String field = "spec.dmarc.rollout.steps[" + i + "]";
      Integer p = steps.get(i);
      if (p == null || p < 1 || p > 100) {
        errors.add(new FieldError(field, "must be a percentage 1..100, got " + p));
      } else if (i > 0 && steps.get(i - 1) != null && p <= steps.get(i - 1)) {
        errors.add(
            new FieldError(
                field,
                "must be greater than the step before it ("
                    + steps.get(i - 1)
                    + "): steps are ascending, e.g. [1, 2, 5, 10, 25, 50, 100]"));
      }
    }
    return errors.size() == before ? List.copyOf(steps) : List.of();
  }

  /** A duration like 7d, 48h or 0d, at most a year; absent means 7 days. */
  private static Duration monitorFor(String value, List<FieldError> errors) {
    if (value == null) {
      return RolloutTarget.DEFAULT_MONITOR_FOR;
    }
    Duration d = null;
    if (value.matches("^[0-9]{1,9}[smhd]$")) {
      long n = Long.parseLong(value.substring(0, value.length() - 1));
      d =
          switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    }
    if (d == null || d.compareTo(MAX_MONITOR_FOR) > 0) {
      errors.add(
          new FieldError(
              "spec.dmarc.rollout.monitorFor",
              "must be a duration like 7d, 48h or 0d, at most 365d, got '"
                  + DnsNames.abbreviate(value)
                  + "'"));
      return RolloutTarget.DEFAULT_MONITOR_FOR;
    }
    return d;
  }

  private static Instant instant(String field, String value, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      }
      if (value.endsWith("Z")) {
        return Instant.parse(value.length() == 17 ? value.substring(0, 16) + ":00Z" : value);
      }
    } catch (DateTimeParseException e) {
      // fall through to the error below
    }
    errors.add(
        new FieldError(
            field,
            "must be a UTC date YYYY-MM-DD or an instant like 2027-01-01T00:00:00Z, got '"
                + DnsNames.abbreviate(value)
                + "'"));
    return null;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
