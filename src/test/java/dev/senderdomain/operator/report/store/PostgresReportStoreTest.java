package dev.senderdomain.operator.report.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same contract against a real PostgreSQL started from the Debian package
 * (.ci/services/postgresql.sh).
 */
class PostgresReportStoreTest extends ReportStoreContract {
  static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  @BeforeEach
  void openStore() {
    // a fresh database per test: drop what the previous test created (the schema is migrated again
    // on
    // open)
    try (Connection c =
            DriverManager.getConnection(
                postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(
          "DROP TABLE IF EXISTS dmarc_dkim_result, dmarc_spf_result, dmarc_override_reason,"
              + " dmarc_record, dmarc_report, dmarc_schema_history CASCADE");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    super.openStore();
  }

  @Override
  ReportStore open() {
    return ReportStores.open(
        postgres.url(), PostgresServer.PASSWORD, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD);
  }

  @Test
  void aWrongPasswordFailsClearlyWithoutShowingIt() {
    assertThatThrownBy(() -> ReportStores.open(postgres.url(), "not-the-password-xyzzy"))
        .isInstanceOf(ReportStoreException.class)
        .hasMessageContaining("connecting to the report store failed")
        .hasMessageContaining("28P01")
        .hasMessageNotContaining("xyzzy");
  }
}
