package dev.senderdomain.operator.report.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The period a dashboard view looks at: reports whose period ends in (since, until]. A preset
 * ({@code range=1d|7d|30d|90d}, ending now) or custom UTC dates ({@code from=2026-11-01&to=
 * 2026-11-20}, both days included). Anything unreadable falls back to the default, 7 days.
 *
 * @param preset the preset's token, or null for custom dates
 */
record TimeRange(Instant since, Instant until, String preset) {
  static final List<String> PRESETS = List.of("1d", "7d", "30d", "90d");
  static final String DEFAULT = "7d";

  /** Longest custom range: a little over the default retention. */
  static final Duration MAX = Duration.ofDays(800);

  static TimeRange parse(String range, String from, String to, Instant now) {
    if (from != null && to != null && !from.isBlank() && !to.isBlank()) {
      try {
        LocalDate f = LocalDate.parse(from.strip());
        LocalDate t = LocalDate.parse(to.strip());
        if (!t.isBefore(f)) {
          Instant since = f.atStartOfDay(ZoneOffset.UTC).toInstant();
          Instant until = t.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
          until = until.isAfter(now) ? now : until;
          if (until.isAfter(since) && Duration.between(since, until).compareTo(MAX) <= 0) {
            return new TimeRange(since, until, null);
          }
        }
      } catch (DateTimeParseException bad) {
        // the default below
      }
    }
    String p = range != null && PRESETS.contains(range) ? range : DEFAULT;
    return new TimeRange(now.minus(Duration.ofDays(Long.parseLong(p.replace("d", "")))), now, p);
  }

  Duration length() {
    return Duration.between(since, until);
  }

  LocalDate firstDay() {
    return LocalDate.ofInstant(since, ZoneOffset.UTC);
  }

  LocalDate lastDay() {
    return LocalDate.ofInstant(until.minusSeconds(1), ZoneOffset.UTC);
  }

  /** "7 days", "1 day", or "2026-11-01 .. 2026-11-20". */
  String label() {
    if (preset != null) {
      return preset.equals("1d") ? "1 day" : preset.replace("d", " days");
    }
    return firstDay() + " .. " + lastDay();
  }

  /** The query parameters that select this range. */
  String query() {
    return preset != null ? "range=" + preset : "from=" + firstDay() + "&to=" + lastDay();
  }
}
