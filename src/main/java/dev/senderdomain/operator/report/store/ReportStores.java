package dev.senderdomain.operator.report.store;

import java.sql.DriverManager;
import java.time.Clock;
import java.util.Properties;

/**
 * Opens the store named by {@code SDO_REPORT_STORE_URL}:
 *
 * <ul>
 *   <li>{@code h2:/data/reports/reports} (default): an H2 database file {@code
 *       /data/reports/reports.mv.db} on the pod's volume; one replica only (H2 locks the file);
 *   <li>{@code h2:mem:name}: in memory, for tests and trying things out;
 *   <li>{@code jdbc:postgresql://host:5432/db?user=sdo}: PostgreSQL, for several replicas; the
 *       password comes from {@code SDO_REPORT_STORE_PASSWORD} (a Secret), never from the URL.
 * </ul>
 */
public final class ReportStores {
  public static final String DEFAULT_URL = "h2:/data/reports/reports";

  private ReportStores() {}

  /**
   * @param url as above; null or blank means {@link #DEFAULT_URL}
   * @param password the database password, or null
   * @throws IllegalArgumentException for an URL that is neither h2: nor jdbc:postgresql:
   * @throws ReportStoreException when the database cannot be reached
   */
  public static ReportStore open(String url, String password) {
    return open(url, password, Clock.systemUTC());
  }

  public static ReportStore open(String url, String password, Clock clock) {
    String u = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
    String jdbc;
    if (u.startsWith("h2:mem:")) {
      jdbc = "jdbc:h2:mem:" + u.substring("h2:mem:".length()) + ";DB_CLOSE_DELAY=-1";
    } else if (u.startsWith("h2:")) {
      // WRITE_DELAY=0: H2 otherwise writes a commit to the file up to 500 ms later, and a report
      // committed just
      // before a crash would be lost after its mail was already moved (ImapPollerCrashTest caught
      // this).
      jdbc = "jdbc:h2:file:" + u.substring("h2:".length()) + ";WRITE_DELAY=0";
    } else if (u.startsWith("jdbc:postgresql:")) {
      jdbc = u;
    } else {
      String shown = u.replaceAll("password=[^&;]*", "password=***");
      throw new IllegalArgumentException(
          "SDO_REPORT_STORE_URL must start with h2: or jdbc:postgresql:, got "
              + dev.senderdomain.operator.report.ReportParseException.quote(shown));
    }
    Properties props = new Properties();
    if (password != null && !password.isEmpty()) {
      props.setProperty("password", password);
    }
    if (jdbc.startsWith("jdbc:h2:")) {
      props.setProperty("user", "sa");
    } else if (!jdbc.contains("reWriteBatchedInserts")) {
      // one multi-row INSERT per batch instead of one round trip per record
      props.setProperty("reWriteBatchedInserts", "true");
    }
    return new JdbcReportStore(() -> DriverManager.getConnection(jdbc, props), clock);
  }
}
