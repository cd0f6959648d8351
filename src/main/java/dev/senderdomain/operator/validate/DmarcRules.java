package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.RolloutTarget;
import dev.senderdomain.operator.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for {@code spec.dmarc}: the record's fixed tags, the rollout and its report gate. */
final class DmarcRules {
  // A plain mailto: URI (RFC 7489 6.2): no size suffix, no separators that would inject further
  // tags.
  private static final Pattern MAILTO =
      Pattern.compile("^mailto:([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+)@([^@\\s;,!]+)$");
  private static final String GATE = "spec.dmarc.rollout.gate";
  private static final Duration MAX_MONITOR_FOR = Duration.ofDays(365);

  private DmarcRules() {}

  static DmarcOptions options(DmarcSpec spec, Problems problems) {
    List<String> rua = mailtos("spec.dmarc.rua", RecordRules.list(spec.rua), problems);
    List<String> ruf = mailtos("spec.dmarc.ruf", RecordRules.list(spec.ruf), problems);
    boolean strictDkim = false;
    boolean strictSpf = false;
    if (spec.alignment != null) {
      strictDkim = alignment("spec.dmarc.alignment.dkim", spec.alignment.dkim, problems);
      strictSpf = alignment("spec.dmarc.alignment.spf", spec.alignment.spf, problems);
    }
    DmarcPolicy sp = policy("spec.dmarc.subdomainPolicy", spec.subdomainPolicy, problems);
    DmarcPolicy np =
        policy("spec.dmarc.nonExistentSubdomainPolicy", spec.nonExistentSubdomainPolicy, problems);
    return new DmarcOptions(rua, ruf, strictDkim, strictSpf, sp, np);
  }

  static RolloutTarget rollout(DmarcSpec.Rollout spec, Problems problems) {
    if (spec == null) {
      return RolloutTarget.monitorOnly();
    }
    Instant start = instant("spec.dmarc.rollout.start", spec.start, problems);
    Instant target = instant("spec.dmarc.rollout.targetDate", spec.targetDate, problems);
    DmarcPolicy policy =
        spec.targetPolicy == null
            ? DmarcPolicy.REJECT
            : policy("spec.dmarc.rollout.targetPolicy", spec.targetPolicy, problems);
    if (start != null && target == null && spec.targetDate == null && policy != DmarcPolicy.NONE) {
      problems.add("spec.dmarc.rollout.targetDate", "is required when start is set");
    }
    if (start != null && target != null && !target.isAfter(start)) {
      problems.add("spec.dmarc.rollout.targetDate", "must be after start (" + spec.start + ")");
    }
    int percent = RolloutTarget.DEFAULT_TARGET_PERCENT;
    if (spec.targetPercent != null) {
      if (spec.targetPercent < 1 || spec.targetPercent > 100) {
        problems.add(
            "spec.dmarc.rollout.targetPercent",
            "must be a percentage 1..100, got " + spec.targetPercent);
      } else {
        percent = spec.targetPercent;
      }
    }
    return new RolloutTarget(
        start,
        policy,
        target,
        Boolean.TRUE.equals(spec.paused),
        percent,
        steps(spec.steps, problems),
        monitorFor(spec.monitorFor, problems));
  }

  /** Strictly ascending percentages 1..100; absent means the daily curve (an empty list). */
  private static List<Integer> steps(List<Integer> steps, Problems problems) {
    if (steps == null) {
      return List.of();
    }
    if (steps.isEmpty()) {
      problems.add(
          "spec.dmarc.rollout.steps",
          "must list at least one percentage, or be left out for the daily curve");
      return List.of();
    }
    int before = problems.count();
    for (int i = 0; i < steps.size(); i++) {
      String field = "spec.dmarc.rollout.steps[" + i + "]";
      Integer p = steps.get(i);
      if (p == null || p < 1 || p > 100) {
        problems.add(field, "must be a percentage 1..100, got " + p);
      } else if (i > 0 && steps.get(i - 1) != null && p <= steps.get(i - 1)) {
        problems.add(
            field,
            "must be greater than the step before it ("
                + steps.get(i - 1)
                + "): steps are ascending, e.g. [1, 2, 5, 10, 25, 50, 100]");
      }
    }
    return problems.count() == before ? List.copyOf(steps) : List.of();
  }

  /** How long p=none is held first: a duration like 7d, 48h or 0d, at most a year. */
  private static Duration monitorFor(String value, Problems problems) {
    if (value == null) {
      return RolloutTarget.DEFAULT_MONITOR_FOR;
    }
    Duration d = null;
    try {
      d = Durations.parse("spec.dmarc.rollout.monitorFor", value);
    } catch (IllegalArgumentException e) {
      // said below, with the bound
    }
    if (d == null || d.compareTo(MAX_MONITOR_FOR) > 0) {
      problems.add(
          "spec.dmarc.rollout.monitorFor",
          "must be a duration like 7d, 48h or 0d, at most 365d, got '"
              + DnsNames.abbreviate(value)
              + "'");
      return RolloutTarget.DEFAULT_MONITOR_FOR;
    }
    return d;
  }

  /**
   * The gate with defaults applied; empty without {@code gate}. A pass rate above 100 could never
   * be met, so the rollout would stay at {@code p=none} for good without saying why.
   */
  static Optional<GateSpecValues> gate(DmarcSpec.Rollout rollout, Problems problems) {
    DmarcSpec.Gate gate = rollout == null ? null : rollout.gate;
    if (gate == null) {
      return Optional.empty();
    }
    int before = problems.count();
    double minPassRate =
        gate.minPassRate == null ? GateSpecValues.DEFAULT_MIN_PASS_RATE : gate.minPassRate;
    if (!(minPassRate >= 0 && minPassRate <= 100)) {
      problems.add(
          GATE + ".minPassRate", "must be a percentage between 0 and 100, got " + gate.minPassRate);
    }
    Duration window = GateSpecValues.DEFAULT_WINDOW;
    if (gate.window != null) {
      try {
        window = Durations.parsePositive(GATE + ".window", gate.window);
      } catch (IllegalArgumentException e) {
        problems.add(GATE + ".window", afterField(GATE + ".window", e));
      }
    }
    long minMessages =
        gate.minMessages == null ? GateSpecValues.DEFAULT_MIN_MESSAGES : gate.minMessages;
    if (minMessages < 0) {
      problems.add(GATE + ".minMessages", "must not be negative, got " + minMessages);
    }
    return problems.count() == before
        ? Optional.of(new GateSpecValues(minPassRate, window, minMessages))
        : Optional.empty();
  }

  /** An exception's message without the {@code field: } it starts with. */
  static String afterField(String field, IllegalArgumentException e) {
    String m = e.getMessage();
    return m.startsWith(field + ": ") ? m.substring(field.length() + 2) : m;
  }

  private static List<String> mailtos(String field, List<String> uris, Problems problems) {
    List<String> ok = new ArrayList<>();
    for (int i = 0; i < uris.size(); i++) {
      String uri = uris.get(i);
      var m = uri == null ? null : MAILTO.matcher(uri);
      if (m == null || !m.matches()) {
        problems.add(
            field + "[" + i + "]",
            "must be a plain mailto: URI like mailto:dmarc@example.com, got '"
                + DnsNames.abbreviate(String.valueOf(uri))
                + "'");
        continue;
      }
      String host = RecordRules.domainName(field + "[" + i + "]", m.group(2), false, problems);
      if (host != null) {
        ok.add("mailto:" + m.group(1) + "@" + host);
      }
    }
    return ok;
  }

  private static boolean alignment(String field, String value, Problems problems) {
    if (value == null || value.equals("relaxed")) {
      return false;
    }
    if (value.equals("strict")) {
      return true;
    }
    problems.add(field, "must be relaxed or strict, got '" + DnsNames.abbreviate(value) + "'");
    return false;
  }

  private static DmarcPolicy policy(String field, String value, Problems problems) {
    if (value == null) {
      return null;
    }
    try {
      return DmarcPolicy.parse(value);
    } catch (IllegalArgumentException e) {
      problems.add(
          field,
          "must be one of none, quarantine, reject, got '" + DnsNames.abbreviate(value) + "'");
      return null;
    }
  }

  private static Instant instant(String field, String value, Problems problems) {
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (value.endsWith("Z")) {
        return Instant.parse(value.length() == 17 ? value.substring(0, 16) + ":00Z" : value);
      }
    } catch (DateTimeParseException e) {
      // fall through to the problem below
    }
    problems.add(
        field,
        "must be a UTC date YYYY-MM-DD or an instant like 2027-01-01T00:00:00Z, got '"
            + DnsNames.abbreviate(value)
            + "'");
    return null;
  }
}
