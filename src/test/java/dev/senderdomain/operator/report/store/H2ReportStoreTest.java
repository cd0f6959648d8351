package dev.senderdomain.operator.report.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: an H2 database file, as on the operator's volume. */
class H2ReportStoreTest extends ReportStoreContract {
  @TempDir Path dir;

  @Override
  ReportStore open() {
    return ReportStores.open(
        "h2:" + dir.resolve("reports"), null, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + dir.resolve("reports") + ";WRITE_DELAY=0", "sa", "");
  }

  @Test
  void theDefaultUrlIsAFileOnTheDataVolume() {
    assertThat(ReportStores.DEFAULT_URL).isEqualTo("h2:/data/reports/reports");
    store.close();
    assertThat(Files.exists(dir.resolve("reports.mv.db"))).isTrue();
  }

  @Test
  void anUnknownStoreUrlIsRefusedWithoutEchoingAPassword() {
    assertThatThrownBy(() -> ReportStores.open("mysql://db/reports?password=hunter2", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SDO_REPORT_STORE_URL must start with h2: or jdbc:postgresql:")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anInMemoryStoreNeedsNothing() {
    try (ReportStore mem = ReportStores.open("h2:mem:contract-" + System.nanoTime(), null)) {
      assertThat(mem.lastReportAt("example.com")).isEmpty();
    }
  }
}
