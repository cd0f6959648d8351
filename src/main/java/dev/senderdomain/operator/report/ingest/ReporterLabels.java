package dev.senderdomain.operator.report.ingest;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code reporter} metric label. Reporters choose their org_name, and anyone can send a report,
 * so the label is reduced to a safe alphabet and length and the number of distinct values is
 * capped: after {@link #MAX} reporters every new one is counted as {@code other}, keeping the
 * Prometheus series count bounded.
 */
final class ReporterLabels {
  static final int MAX = 50;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  String label(String orgName) {
    String s = orgName.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
    if (s.length() > 64) {
      s = s.substring(0, 64);
    }
    if (s.isEmpty() || s.equals("_")) {
      return "unknown";
    }
    if (seen.contains(s)) {
      return s;
    }
    synchronized (seen) {
      if (seen.size() >= MAX) {
        return "other";
      }
      seen.add(s);
      return s;
    }
  }
}
