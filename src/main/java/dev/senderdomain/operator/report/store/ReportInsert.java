package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.DkimAuthResult;
import dev.senderdomain.operator.report.PolicyOverrideReason;
import dev.senderdomain.operator.report.PolicyPublished;
import dev.senderdomain.operator.report.ReportDomain;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.SpfAuthResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The INSERTs of one report, run inside {@link JdbcReportStore#store}'s transaction: the report,
 * then every record as written (record_no 1..n in document order) with its DKIM results, SPF
 * results and override reasons. Text a reporter controls is clipped to the column (a hostile 64 KiB
 * "domain" is not a domain anyone will look up).
 */
final class ReportInsert {
  /**
   * Override reasons that mean "relayed by someone else" (RFC 7489 appendix C PolicyOverrideType).
   */
  private static final Set<String> FORWARDING =
      Set.of("forwarded", "trusted_forwarder", "mailing_list");

  private static final int BATCH = 1000;

  private ReportInsert() {}

  static long report(Connection c, AggregateReport report, String source, Instant received)
      throws SQLException {
    String sql =
        "INSERT INTO dmarc_report (report_key, org_name, report_id, domain, begin_epoch, end_epoch,"
            + " begin_day, received_epoch, source, policy, pct, messages, dmarc_pass, detailed,"
            + " record_count, skipped_records, org_email, adkim, aspf, sp, np, testing)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?)";
    PolicyPublished policy = report.policy();
    try (PreparedStatement p = c.prepareStatement(sql, new String[] {"id"})) {
      p.setString(1, key(report.metadata().orgName(), report.metadata().reportId()));
      p.setString(2, clip(report.metadata().orgName(), 1000));
      p.setString(3, clip(report.metadata().reportId(), 1000));
      p.setString(4, clip(ReportDomain.of(report), 255));
      p.setLong(5, report.metadata().begin().getEpochSecond());
      p.setLong(6, report.metadata().end().getEpochSecond());
      p.setLong(7, report.metadata().begin().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay());
      p.setLong(8, received.getEpochSecond());
      p.setString(9, clip(source, 255));
      p.setString(10, policy.p().token());
      if (policy.pct() == null) {
        p.setNull(11, Types.INTEGER);
      } else {
        p.setInt(11, policy.pct());
      }
      p.setLong(12, report.messages());
      p.setLong(13, report.dmarcPass());
      p.setInt(14, report.records().size());
      p.setInt(15, report.skipped().count());
      p.setString(16, clip(report.metadata().email(), 1000));
      p.setString(17, policy.adkim() == null ? null : policy.adkim().token());
      p.setString(18, policy.aspf() == null ? null : policy.aspf().token());
      p.setString(19, policy.sp() == null ? null : policy.sp().token());
      p.setString(20, policy.np() == null ? null : policy.np().token());
      p.setString(21, policy.testing() == null ? null : policy.testing() ? "y" : "n");
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Every record, one row each, with its results and reasons in their own tables. */
  static void records(Connection c, long id, List<ReportRecord> records) throws SQLException {
    try (PreparedStatement rows =
            c.prepareStatement(
                "INSERT INTO dmarc_record (report_ref, record_no, source_ip, messages, disposition,"
                    + " dkim_aligned, spf_aligned, forwarded, dkim_verdict, spf_verdict, header_from,"
                    + " envelope_from, envelope_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Batch dkim =
            new Batch(
                c,
                "INSERT INTO dmarc_dkim_result (report_ref, record_no, seq, domain, selector, result,"
                    + " human_result) VALUES (?, ?, ?, ?, ?, ?, ?)");
        Batch spf =
            new Batch(
                c,
                "INSERT INTO dmarc_spf_result (report_ref, record_no, seq, domain, scope, result,"
                    + " human_result) VALUES (?, ?, ?, ?, ?, ?, ?)");
        Batch reasons =
            new Batch(
                c,
                "INSERT INTO dmarc_override_reason (report_ref, record_no, seq, reason_type,"
                    + " reason_comment) VALUES (?, ?, ?, ?, ?)")) {
      int no = 0;
      for (ReportRecord r : records) {
        no++;
        rows.setLong(1, id);
        rows.setInt(2, no);
        rows.setString(3, r.sourceIp() == null ? "" : r.sourceIp());
        rows.setLong(4, r.count());
        rows.setString(5, r.disposition() == null ? null : r.disposition().token());
        rows.setBoolean(6, r.dkimPass());
        rows.setBoolean(7, r.spfPass());
        rows.setBoolean(8, forwarded(r.reasons()));
        rows.setString(9, r.dkim() == null ? null : r.dkim().token());
        rows.setString(10, r.spf() == null ? null : r.spf().token());
        rows.setString(11, clip(r.headerFrom(), 255));
        rows.setString(12, clip(r.envelopeFrom(), 255));
        rows.setString(13, clip(r.envelopeTo(), 255));
        rows.addBatch();
        if (no % BATCH == 0) {
          rows.executeBatch();
        }
        int seq = 0;
        for (DkimAuthResult d : r.dkimResults()) {
          dkim.add(
              id,
              no,
              ++seq,
              clip(d.domain(), 255),
              clip(d.selector(), 255),
              d.result() == null ? null : d.result().token(),
              clip(d.humanResult(), 1000));
        }
        seq = 0;
        for (SpfAuthResult s : r.spfResults()) {
          spf.add(
              id,
              no,
              ++seq,
              clip(s.domain(), 255),
              s.scope() == null ? null : s.scope().token(),
              s.result() == null ? null : s.result().token(),
              clip(s.humanResult(), 1000));
        }
        seq = 0;
        for (PolicyOverrideReason reason : r.reasons()) {
          reasons.add(id, no, ++seq, clip(reason.type(), 64), clip(reason.comment(), 1000));
        }
      }
      rows.executeBatch();
      dkim.flush();
      spf.flush();
      reasons.flush();
    }
  }

  /** A batched INSERT of (report_ref, record_no, seq, text...) rows. */
  private static final class Batch implements AutoCloseable {
    private final PreparedStatement statement;
    private int pending;

    Batch(Connection c, String sql) throws SQLException {
      this.statement = c.prepareStatement(sql);
    }

    void add(long report, int record, int seq, String... text) throws SQLException {
      statement.setLong(1, report);
      statement.setInt(2, record);
      statement.setInt(3, seq);
      for (int i = 0; i < text.length; i++) {
        statement.setString(4 + i, text[i]);
      }
      statement.addBatch();
      if (++pending % BATCH == 0) {
        statement.executeBatch();
      }
    }

    void flush() throws SQLException {
      if (pending % BATCH != 0) {
        statement.executeBatch();
      }
    }

    @Override
    public void close() throws SQLException {
      statement.close();
    }
  }

  private static boolean forwarded(List<PolicyOverrideReason> reasons) {
    for (PolicyOverrideReason r : reasons) {
      if (r.type() != null && FORWARDING.contains(r.type().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static String clip(String s, int max) {
    return s == null ? null : JdbcReportStore.clip(s, max);
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
