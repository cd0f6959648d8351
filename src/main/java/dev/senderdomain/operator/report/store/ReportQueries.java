package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.AuthResult;
import dev.senderdomain.operator.report.Disposition;
import dev.senderdomain.operator.report.DkimAuthResult;
import dev.senderdomain.operator.report.DmarcResult;
import dev.senderdomain.operator.report.PolicyOverrideReason;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.SpfAuthResult;
import dev.senderdomain.operator.report.SpfScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drill-down reads: reports, records with their results, and tallies of DKIM results, SPF
 * results and identifiers, each narrowed by a {@link ReportFilter}. Every ORDER BY ends in a unique
 * key and blanks are read as "" (never NULL, which H2 and PostgreSQL sort differently), so both
 * databases return the same rows in the same order.
 */
final class ReportQueries {
  /** Record keys per query when fetching results, well under any driver's parameter limit. */
  private static final int KEYS_PER_QUERY = 200;

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

  /** A record row before its results are attached. */
  private record RecordRow(
      long reportRef,
      String orgName,
      String reportId,
      Instant begin,
      Instant end,
      int recordNo,
      String sourceIp,
      long messages,
      String disposition,
      String dkimVerdict,
      String spfVerdict,
      boolean dkimAligned,
      boolean spfAligned,
      String headerFrom,
      String envelopeFrom,
      String envelopeTo) {}

  private record Key(long reportRef, int recordNo) {}

  static List<StoredRecord> records(Connection c, ReportFilter f, int limit) throws SQLException {
    String sql =
        "SELECT d.id, d.org_name, d.report_id, d.begin_epoch, d.end_epoch, r.record_no, r.source_ip,"
            + " r.messages, r.disposition, r.dkim_verdict, r.spf_verdict, r.dkim_aligned,"
            + " r.spf_aligned, r.header_from, r.envelope_from, r.envelope_to"
            + " FROM dmarc_record r JOIN dmarc_report d ON d.id = r.report_ref"
            + where(f, true)
            + " ORDER BY d.begin_epoch DESC, d.org_name, d.report_id, r.record_no, r.source_ip,"
            + " r.messages DESC, r.disposition, r.dkim_aligned, r.spf_aligned";
    List<RecordRow> rows =
        list(
            c,
            sql,
            f,
            limit,
            rs ->
                new RecordRow(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    Instant.ofEpochSecond(rs.getLong(4)),
                    Instant.ofEpochSecond(rs.getLong(5)),
                    rs.getInt(6),
                    rs.getString(7),
                    rs.getLong(8),
                    rs.getString(9),
                    rs.getString(10),
                    rs.getString(11),
                    rs.getBoolean(12),
                    rs.getBoolean(13),
                    rs.getString(14),
                    rs.getString(15),
                    rs.getString(16)));
    List<Key> keys = new ArrayList<>();
    for (RecordRow r : rows) {
      if (r.recordNo() > 0) {
        keys.add(new Key(r.reportRef(), r.recordNo()));
      }
    }
    Map<Key, List<DkimAuthResult>> dkim = new HashMap<>();
    Map<Key, List<SpfAuthResult>> spf = new HashMap<>();
    Map<Key, List<PolicyOverrideReason>> reasons = new HashMap<>();
    results(
        c,
        "SELECT report_ref, record_no, domain, selector, result, human_result FROM dmarc_dkim_result",
        keys,
        rs ->
            dkim.computeIfAbsent(new Key(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>())
                .add(
                    new DkimAuthResult(
                        rs.getString(3),
                        rs.getString(4),
                        token(AuthResult.class, rs.getString(5)),
                        rs.getString(6))));
    results(
        c,
        "SELECT report_ref, record_no, domain, scope, result, human_result FROM dmarc_spf_result",
        keys,
        rs ->
            spf.computeIfAbsent(new Key(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>())
                .add(
                    new SpfAuthResult(
                        rs.getString(3),
                        token(SpfScope.class, rs.getString(4)),
                        token(AuthResult.class, rs.getString(5)),
                        rs.getString(6))));
    results(
        c,
        "SELECT report_ref, record_no, reason_type, reason_comment FROM dmarc_override_reason",
        keys,
        rs ->
            reasons
                .computeIfAbsent(new Key(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>())
                .add(new PolicyOverrideReason(rs.getString(3), rs.getString(4))));
    List<StoredRecord> out = new ArrayList<>(rows.size());
    for (RecordRow r : rows) {
      Key k = new Key(r.reportRef(), r.recordNo());
      DmarcResult dkimVerdict =
          r.recordNo() > 0
              ? token(DmarcResult.class, r.dkimVerdict())
              : r.dkimAligned() ? DmarcResult.PASS : DmarcResult.FAIL;
      DmarcResult spfVerdict =
          r.recordNo() > 0
              ? token(DmarcResult.class, r.spfVerdict())
              : r.spfAligned() ? DmarcResult.PASS : DmarcResult.FAIL;
      out.add(
          new StoredRecord(
              r.orgName(),
              r.reportId(),
              r.begin(),
              r.end(),
              r.recordNo(),
              new ReportRecord(
                  r.sourceIp().isEmpty() ? null : r.sourceIp(),
                  r.messages(),
                  token(Disposition.class, r.disposition()),
                  dkimVerdict,
                  spfVerdict,
                  reasons.getOrDefault(k, List.of()),
                  r.headerFrom(),
                  r.envelopeFrom(),
                  r.envelopeTo(),
                  dkim.getOrDefault(k, List.of()),
                  spf.getOrDefault(k, List.of()))));
    }
    return out;
  }

  /** Runs {@code select} for the given record keys, in chunks, in (record, seq) order. */
  private static void results(Connection c, String select, List<Key> keys, Row<?> row)
      throws SQLException {
    for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
      List<Key> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
      StringBuilder sql = new StringBuilder(select).append(" WHERE ");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "" : " OR ").append("(report_ref = ? AND record_no = ?)");
      }
      sql.append(" ORDER BY report_ref, record_no, seq");
      try (PreparedStatement p = c.prepareStatement(sql.toString())) {
        int i = 1;
        for (Key k : chunk) {
          p.setLong(i++, k.reportRef());
          p.setInt(i++, k.recordNo());
        }
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            row.read(rs);
          }
        }
      }
    }
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
