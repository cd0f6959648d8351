package dev.senderdomain.operator.report.store;

import static dev.senderdomain.operator.report.store.ReportQueries.list;
import static dev.senderdomain.operator.report.store.ReportQueries.token;
import static dev.senderdomain.operator.report.store.ReportQueries.where;

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
import java.util.Map;

/**
 * Reads stored records back as {@link ReportRecord}s: the page of record rows first, then their
 * DKIM results, SPF results and override reasons by record key, so a page never reads the results
 * of a whole 200,000-record report. Rows of reports stored before every record was kept (record_no
 * 0) come back with their aligned verdicts rebuilt and nothing else.
 */
final class StoredRecordQuery {
  /** Record keys per query when fetching results, well under any driver's parameter limit. */
  private static final int KEYS_PER_QUERY = 200;

  private StoredRecordQuery() {}

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
  private static void results(Connection c, String select, List<Key> keys, ReportQueries.Row<?> row)
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
}
