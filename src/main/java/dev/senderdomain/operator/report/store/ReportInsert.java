package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.PolicyOverrideReason;
import dev.senderdomain.operator.report.ReportDomain;
import dev.senderdomain.operator.report.ReportRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The INSERTs of one report, run inside {@link JdbcReportStore#store}'s transaction. */
final class ReportInsert {
  /**
   * Override reasons that mean "relayed by someone else" (RFC 7489 appendix C PolicyOverrideType).
   */
  private static final Set<String> FORWARDING =
      Set.of("forwarded", "trusted_forwarder", "mailing_list");

  private ReportInsert() {}

  static long report(Connection c, AggregateReport report, String source, Instant received)
      throws SQLException {
    String sql =
        "INSERT INTO dmarc_report (report_key, org_name, report_id, domain, begin_epoch, end_epoch,"
            + " begin_day, received_epoch, source, policy, pct, messages, dmarc_pass)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement p = c.prepareStatement(sql, new String[] {"id"})) {
      p.setString(1, key(report.metadata().orgName(), report.metadata().reportId()));
      p.setString(2, JdbcReportStore.clip(report.metadata().orgName(), 1000));
      p.setString(3, JdbcReportStore.clip(report.metadata().reportId(), 1000));
      p.setString(4, JdbcReportStore.clip(ReportDomain.of(report), 255));
      p.setLong(5, report.metadata().begin().getEpochSecond());
      p.setLong(6, report.metadata().end().getEpochSecond());
      p.setLong(7, report.metadata().begin().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay());
      p.setLong(8, received.getEpochSecond());
      p.setString(9, JdbcReportStore.clip(source, 255));
      p.setString(10, report.policy().p().token());
      if (report.policy().pct() == null) {
        p.setNull(11, java.sql.Types.INTEGER);
      } else {
        p.setInt(11, report.policy().pct());
      }
      p.setLong(12, report.messages());
      p.setLong(13, report.dmarcPass());
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /**
   * One row per distinct (source IP, disposition, aligned DKIM, aligned SPF, forwarded) in the
   * report, messages summed: the queries need nothing finer, and a report's thousands of records
   * for one IP (one per header_from or envelope) collapse into a few rows.
   */
  static void records(Connection c, long id, List<ReportRecord> records) throws SQLException {
    Map<RowKey, Long> rows = new LinkedHashMap<>();
    for (ReportRecord r : records) {
      RowKey key =
          new RowKey(
              r.sourceIp() == null ? "" : r.sourceIp(),
              r.disposition() == null ? null : r.disposition().token(),
              r.dkimPass(),
              r.spfPass(),
              forwarded(r.reasons()));
      rows.merge(key, r.count(), Long::sum);
    }
    String sql =
        "INSERT INTO dmarc_record (report_ref, source_ip, messages, disposition, dkim_aligned, spf_aligned,"
            + " forwarded) VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int batched = 0;
      for (Map.Entry<RowKey, Long> e : rows.entrySet()) {
        RowKey k = e.getKey();
        p.setLong(1, id);
        p.setString(2, k.ip());
        p.setLong(3, e.getValue());
        p.setString(4, k.disposition());
        p.setBoolean(5, k.dkim());
        p.setBoolean(6, k.spf());
        p.setBoolean(7, k.forwarded());
        p.addBatch();
        if (++batched % 1000 == 0) {
          p.executeBatch();
        }
      }
      p.executeBatch();
    }
  }

  private record RowKey(
      String ip, String disposition, boolean dkim, boolean spf, boolean forwarded) {}

  private static boolean forwarded(List<PolicyOverrideReason> reasons) {
    for (PolicyOverrideReason r : reasons) {
      if (r.type() != null && FORWARDING.contains(r.type().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  static String key(String orgName, String reportId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(orgName.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(reportId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }
}
