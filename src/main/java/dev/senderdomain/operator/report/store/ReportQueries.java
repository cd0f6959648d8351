package dev.senderdomain.operator.report.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drill-down reads: reports and tallies of DKIM results, SPF results and identifiers, each
 * narrowed by a {@link ReportFilter} (records: {@link StoredRecordQuery}). Every ORDER BY ends in a
 * unique key and blanks are read as "" (never NULL, which H2 and PostgreSQL sort differently), so
 * both databases return the same rows in the same order.
 */
final class ReportQueries {
  private ReportQueries() {}

  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * The WHERE clause of a filter over {@code dmarc_report d} (and {@code dmarc_record r} when
   * {@code records} is true; otherwise a source filter becomes an EXISTS).
   */
  static String where(ReportFilter f, boolean records) {
    StringBuilder w =
        new StringBuilder(" WHERE d.domain = ? AND d.end_epoch > ? AND d.end_epoch <= ?");
    if (f.sourceIp() != null) {
      w.append(
          records
              ? " AND r.source_ip = ?"
              : " AND EXISTS (SELECT 1 FROM dmarc_record r WHERE r.report_ref = d.id AND r.source_ip = ?)");
    }
    if (f.orgName() != null) {
      w.append(" AND d.org_name = ?");
    }
    if (f.reportId() != null) {
      w.append(" AND d.report_id = ?");
    }
    return w.toString();
  }

  /** Binds {@link #where}'s parameters from index 1; returns the next free index. */
  static int bind(PreparedStatement p, ReportFilter f) throws SQLException {
    int i = 1;
    p.setString(i++, f.domain());
    p.setLong(i++, f.since().getEpochSecond());
    p.setLong(i++, f.until().getEpochSecond());
    if (f.sourceIp() != null) {
      p.setString(i++, f.sourceIp());
    }
    if (f.orgName() != null) {
      p.setString(i++, f.orgName());
    }
    if (f.reportId() != null) {
      p.setString(i++, f.reportId());
    }
    return i;
  }

  static <T> List<T> list(Connection c, String sql, ReportFilter f, Integer limit, Row<T> row)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql + (limit == null ? "" : " LIMIT ?"))) {
      int next = bind(p, f);
      if (limit != null) {
        p.setInt(next, limit);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    }
  }

  static List<StoredReport> reports(Connection c, ReportFilter f, int limit) throws SQLException {
    String sql =
        "SELECT d.org_name, d.report_id, d.begin_epoch, d.end_epoch, d.received_epoch, d.source,"
            + " d.policy, d.pct, d.messages, d.dmarc_pass, d.record_count, d.skipped_records,"
            + " d.detailed FROM dmarc_report d"
            + where(f, false)
            + " ORDER BY d.begin_epoch DESC, d.org_name, d.report_id";
    return list(
        c,
        sql,
        f,
        limit,
        rs ->
            new StoredReport(
                rs.getString(1),
                rs.getString(2),
                Instant.ofEpochSecond(rs.getLong(3)),
                Instant.ofEpochSecond(rs.getLong(4)),
                Instant.ofEpochSecond(rs.getLong(5)),
                rs.getString(6),
                rs.getString(7),
                (Integer) rs.getObject(8, Integer.class),
                rs.getLong(9),
                rs.getLong(10),
                (Integer) rs.getObject(11, Integer.class),
                rs.getInt(12),
                rs.getBoolean(13)));
  }

  static List<AuthTallies.Dkim> dkimResults(Connection c, ReportFilter f) throws SQLException {
    String sql =
        "SELECT r.source_ip, COALESCE(k.domain, ''), COALESCE(k.selector, ''),"
            + " COALESCE(k.result, ''), SUM(r.messages)"
            + " FROM dmarc_dkim_result k"
            + " JOIN dmarc_record r ON r.report_ref = k.report_ref AND r.record_no = k.record_no"
            + " JOIN dmarc_report d ON d.id = k.report_ref"
            + where(f, true)
            + " GROUP BY r.source_ip, COALESCE(k.domain, ''), COALESCE(k.selector, ''),"
            + " COALESCE(k.result, '')"
            + " ORDER BY SUM(r.messages) DESC, 1, 2, 3, 4";
    return list(
        c,
        sql,
        f,
        null,
        rs ->
            new AuthTallies.Dkim(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
  }

  static List<AuthTallies.Spf> spfResults(Connection c, ReportFilter f) throws SQLException {
    String sql =
        "SELECT r.source_ip, COALESCE(k.domain, ''), COALESCE(k.scope, ''),"
            + " COALESCE(k.result, ''), SUM(r.messages)"
            + " FROM dmarc_spf_result k"
            + " JOIN dmarc_record r ON r.report_ref = k.report_ref AND r.record_no = k.record_no"
            + " JOIN dmarc_report d ON d.id = k.report_ref"
            + where(f, true)
            + " GROUP BY r.source_ip, COALESCE(k.domain, ''), COALESCE(k.scope, ''),"
            + " COALESCE(k.result, '')"
            + " ORDER BY SUM(r.messages) DESC, 1, 2, 3, 4";
    return list(
        c,
        sql,
        f,
        null,
        rs ->
            new AuthTallies.Spf(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
  }

  static List<AuthTallies.Identifiers> identifiers(Connection c, ReportFilter f)
      throws SQLException {
    String sql =
        "SELECT COALESCE(r.header_from, ''), COALESCE(r.envelope_from, ''), SUM(r.messages),"
            + " SUM(CASE WHEN r.dkim_aligned OR r.spf_aligned THEN r.messages ELSE 0 END)"
            + " FROM dmarc_record r JOIN dmarc_report d ON d.id = r.report_ref"
            + where(f, true)
            + " AND r.record_no > 0"
            + " GROUP BY COALESCE(r.header_from, ''), COALESCE(r.envelope_from, '')"
            + " ORDER BY SUM(r.messages) DESC, 1, 2";
    return list(
        c,
        sql,
        f,
        null,
        rs ->
            new AuthTallies.Identifiers(
                rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
  }

  /** The enum constant for a stored token, null for null or a token this version does not know. */
  static <E extends Enum<E>> E token(Class<E> type, String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      return Enum.valueOf(type, token.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
