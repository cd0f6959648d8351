package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.DailyPassRate;
import dev.senderdomain.operator.report.ReportDomain;
import dev.senderdomain.operator.report.SourceStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ReportStore} over JDBC, one SQL dialect for H2 and PostgreSQL: plain types only (times are
 * epoch seconds in BIGINT, so no session time zone ever shifts a day), the schema brought to the
 * current version by {@link StoreSchema} on start, and duplicates detected by the UNIQUE constraint
 * on a SHA-256 of (org_name, report_id) rather than on the raw text: a hostile reporter's 64 KiB
 * org name would not fit a PostgreSQL btree index entry. SQLSTATE 23505 (unique violation) means
 * "already stored" on both databases, also when two replicas race on the same report.
 *
 * <p>One connection, re-opened when it breaks; every method is synchronized. Report ingestion is a
 * few reports a day per receiver, so there is nothing to pool.
 */
public final class JdbcReportStore implements ReportStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String PASS = "(r.dkim_aligned OR r.spf_aligned)";

  /** Tables whose rows belong to a report (ON DELETE CASCADE too; explicit for clarity). */
  private static final List<String> CHILD_TABLES =
      List.of("dmarc_dkim_result", "dmarc_spf_result", "dmarc_override_reason", "dmarc_record");

  private final ConnectionFactory connections;
  private final Clock clock;
  private Connection connection;

  /** Opens JDBC connections; the password stays inside the lambda. */
  @FunctionalInterface
  public interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  /** Connects and migrates the schema to the current version. */
  public JdbcReportStore(ConnectionFactory connections, Clock clock) {
    this.connections = connections;
    this.clock = clock;
    connection(); // a wrong password or an unreachable server is reported as such
    StoreSchema.migrate(connections);
  }

  @Override
  public synchronized StoreResult store(AggregateReport report, String source) {
    Connection c = connection();
    try {
      c.setAutoCommit(false);
      try {
        long id = ReportInsert.report(c, report, source, clock.instant());
        ReportInsert.records(c, id, report.records());
        c.commit();
        return StoreResult.NEW;
      } catch (SQLException e) {
        c.rollback();
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          return StoreResult.DUPLICATE;
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("storing report " + quote(report.metadata().reportId()), e);
    }
  }

  @Override
  public synchronized WindowTotals totals(String domain, Instant since, Instant until) {
    String sql =
        "SELECT COUNT(*), COALESCE(SUM(messages), 0), COALESCE(SUM(dmarc_pass), 0) FROM dmarc_report"
            + " WHERE domain = ? AND end_epoch > ? AND end_epoch <= ?";
    return query(
            "reading totals",
            sql,
            domain,
            since,
            until,
            rs -> new WindowTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
        .get(0);
  }

  @Override
  public synchronized List<DailyPassRate> dailyPassRates(
      String domain, Instant since, Instant until) {
    String sql =
        "SELECT begin_day, SUM(messages), SUM(dmarc_pass) FROM dmarc_report"
            + " WHERE domain = ? AND end_epoch > ? AND end_epoch <= ? GROUP BY begin_day ORDER BY begin_day";
    return query(
        "reading daily pass rates",
        sql,
        domain,
        since,
        until,
        rs -> new DailyPassRate(LocalDate.ofEpochDay(rs.getLong(1)), rs.getLong(2), rs.getLong(3)));
  }

  @Override
  public synchronized List<SourceStats> sources(String domain, Instant since, Instant until) {
    String sql =
        "SELECT r.source_ip, SUM(r.messages),"
            + " SUM(CASE WHEN "
            + PASS
            + " THEN r.messages ELSE 0 END),"
            + " SUM(CASE WHEN r.dkim_aligned THEN r.messages ELSE 0 END),"
            + " SUM(CASE WHEN r.spf_aligned THEN r.messages ELSE 0 END),"
            + " SUM(CASE WHEN r.forwarded THEN r.messages ELSE 0 END)"
            + " FROM dmarc_record r JOIN dmarc_report d ON d.id = r.report_ref"
            + " WHERE d.domain = ? AND d.end_epoch > ? AND d.end_epoch <= ?"
            + " GROUP BY r.source_ip ORDER BY SUM(r.messages) DESC, r.source_ip";
    return query(
        "reading sources",
        sql,
        domain,
        since,
        until,
        rs ->
            new SourceStats(
                rs.getString(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6)));
  }

  @Override
  public synchronized List<ReporterStats> reporters(String domain, Instant since, Instant until) {
    String sql =
        "SELECT org_name, COUNT(*), SUM(messages), SUM(dmarc_pass) FROM dmarc_report"
            + " WHERE domain = ? AND end_epoch > ? AND end_epoch <= ?"
            + " GROUP BY org_name ORDER BY SUM(messages) DESC, org_name";
    return query(
        "reading reporters",
        sql,
        domain,
        since,
        until,
        rs -> new ReporterStats(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
  }

  @Override
  public synchronized List<StoredReport> reports(ReportFilter filter, int limit) {
    return read("reading reports", c -> ReportQueries.reports(c, filter, limit));
  }

  @Override
  public synchronized List<StoredRecord> records(ReportFilter filter, int limit) {
    return read("reading records", c -> StoredRecordQuery.records(c, filter, limit));
  }

  @Override
  public synchronized List<AuthTallies.Dkim> dkimResults(ReportFilter filter) {
    return read("reading DKIM results", c -> ReportQueries.dkimResults(c, filter));
  }

  @Override
  public synchronized List<AuthTallies.Spf> spfResults(ReportFilter filter) {
    return read("reading SPF results", c -> ReportQueries.spfResults(c, filter));
  }

  @Override
  public synchronized List<AuthTallies.Identifiers> identifiers(ReportFilter filter) {
    return read("reading identifiers", c -> ReportQueries.identifiers(c, filter));
  }

  private interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(String what, Read<T> read) {
    try {
      return read.run(connection());
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  @Override
  public synchronized Optional<Instant> lastReportAt(String domain) {
    try (PreparedStatement p =
        connection().prepareStatement("SELECT MAX(end_epoch) FROM dmarc_report WHERE domain = ?")) {
      p.setString(1, normalize(domain));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        long end = rs.getLong(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(end));
      }
    } catch (SQLException e) {
      throw failure("reading the latest report", e);
    }
  }

  @Override
  public synchronized int deleteEndingBefore(Instant cutoff) {
    Connection c = connection();
    try {
      c.setAutoCommit(false);
      try (PreparedStatement reports =
          c.prepareStatement("DELETE FROM dmarc_report WHERE end_epoch < ?")) {
        for (String child : CHILD_TABLES) {
          try (PreparedStatement p =
              c.prepareStatement(
                  "DELETE FROM "
                      + child
                      + " WHERE report_ref IN (SELECT id FROM dmarc_report WHERE end_epoch < ?)")) {
            p.setLong(1, cutoff.getEpochSecond());
            p.executeUpdate();
          }
        }
        reports.setLong(1, cutoff.getEpochSecond());
        int n = reports.executeUpdate();
        c.commit();
        return n;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("deleting old reports", e);
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing: nothing left to do with the error
      }
      connection = null;
    }
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(
      String what, String sql, String domain, Instant since, Instant until, Row<T> row) {
    try (PreparedStatement p = connection().prepareStatement(sql)) {
      p.setString(1, normalize(domain));
      p.setLong(2, since.getEpochSecond());
      p.setLong(3, until.getEpochSecond());
      List<T> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private Connection connection() {
    try {
      if (connection == null || !connection.isValid(5)) {
        close();
        connection = connections.open();
      }
      return connection;
    } catch (SQLException e) {
      throw failure("connecting to the report store", e);
    }
  }

  private ReportStoreException failure(String what, SQLException e) {
    return new ReportStoreException(
        what
            + " failed: SQLSTATE "
            + e.getSQLState()
            + ": "
            + clip(String.valueOf(e.getMessage()), 300),
        e);
  }

  static String normalize(String domain) {
    return ReportDomain.normalize(domain);
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static String quote(String s) {
    return dev.senderdomain.operator.report.ReportParseException.quote(s);
  }
}
