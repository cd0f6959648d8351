package dev.senderdomain.operator.report.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's URLs. Every view is {@code /dashboard} with query parameters, so it works behind
 * any path prefix a port-forward or ingress gives it: {@code domain} (domain view), plus {@code ip}
 * (a source's records), {@code reporter} (its reports), {@code reporter} and {@code report} (one
 * report's records); the time range ({@code range} or {@code from}/{@code to}); {@code csv=<table>}
 * for a table as CSV. Values are URL-encoded: they come from reports.
 */
final class DashboardLinks {
  static final String BASE = "/dashboard";

  private DashboardLinks() {}

  static String overview(TimeRange r) {
    return BASE + "?" + r.query();
  }

  static String domain(String domain, TimeRange r) {
    return BASE + "?domain=" + enc(domain) + "&" + r.query();
  }

  static String source(String domain, String ip, TimeRange r) {
    return domain(domain, r) + "&ip=" + enc(ip);
  }

  static String reporter(String domain, String org, TimeRange r) {
    return domain(domain, r) + "&reporter=" + enc(org);
  }

  static String report(String domain, String org, String reportId, TimeRange r) {
    return reporter(domain, org, r) + "&report=" + enc(reportId);
  }

  /** The same view as {@code query} (the request's raw query) with another time range. */
  static String withRange(String rawQuery, TimeRange r) {
    return BASE + "?" + join(strip(rawQuery, "range", "from", "to", "csv"), r.query());
  }

  /** The same view's table {@code table} as CSV. */
  static String csv(String rawQuery, String table) {
    return BASE + "?" + join(strip(rawQuery, "csv"), "csv=" + enc(table));
  }

  /** The view's own query without the named parameters. */
  static String strip(String rawQuery, String... names) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String pair : rawQuery.split("&")) {
      String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      boolean drop = key.isEmpty();
      for (String n : names) {
        drop |= key.equals(n);
      }
      if (!drop) {
        out.append(out.length() == 0 ? "" : "&").append(pair);
      }
    }
    return out.toString();
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "&" + b;
  }

  static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
