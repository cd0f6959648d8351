package dev.senderdomain.operator.report.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The report schema, versioned: Flyway applies {@code db/report-store/V*__*.sql} (SQL that H2 2.x
 * and PostgreSQL 12+ both accept) in order and records them in {@code dmarc_schema_history}. A
 * store created before migrations existed (the V1 tables, no history) is taken as version 0 and
 * brought forward in place: V1 is {@code CREATE ... IF NOT EXISTS}, so it keeps what is there.
 * Replicas starting together are serialised by Flyway's lock (an advisory lock on PostgreSQL).
 */
final class StoreSchema {
  /** The newest migration; a store at this version has every table and index the code reads. */
  static final String CURRENT = "2";

  static final String HISTORY_TABLE = "dmarc_schema_history";

  private StoreSchema() {}

  /**
   * Brings the store to {@link #CURRENT}.
   *
   * @return the version the store was at before ("0" for a store from before migrations, "" for an
   *     empty database)
   */
  static String migrate(JdbcReportStore.ConnectionFactory connections) {
    Flyway flyway =
        Flyway.configure(StoreSchema.class.getClassLoader())
            .dataSource(new FactoryDataSource(connections))
            .locations("classpath:db/report-store")
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .baselineDescription("tables created before versioned migrations")
            .failOnMissingLocations(true)
            .load();
    try {
      MigrateResult result = flyway.migrate();
      return result.initialSchemaVersion == null ? "" : result.initialSchemaVersion;
    } catch (FlywayException e) {
      throw new ReportStoreException(
          "migrating the report schema failed: " + JdbcReportStore.clip(e.getMessage(), 300), e);
    }
  }

  /** Flyway wants a DataSource; the password stays inside the factory's lambda. */
  private record FactoryDataSource(JdbcReportStore.ConnectionFactory connections)
      implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return connections.open();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return connections.open();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
