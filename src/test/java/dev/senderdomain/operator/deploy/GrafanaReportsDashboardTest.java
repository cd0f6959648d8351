package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.SyntheticReport;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.testsupport.PostgresServer;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard that reads the PostgreSQL report store directly: every panel and variable
 * query runs against a real PostgreSQL whose schema the operator migrated (Grafana's macros
 * expanded as Grafana does), and returns rows for stored reports.
 */
class GrafanaReportsDashboardTest {
  static PostgresServer postgres;
  static JsonNode dashboard;
  static final Map<String, String> QUERIES = new LinkedHashMap<>();

  @BeforeAll
  static void storeReportsInPostgres() throws Exception {
    dashboard =
        new ObjectMapper()
            .readTree(HelmChart.DIR.resolve("files/grafana-dashboard-reports.json").toFile());
    dashboard
        .path("panels")
        .forEach(
            p ->
                p.path("targets")
                    .forEach(
                        t -> QUERIES.put(p.path("title").asText(), t.path("rawSql").asText())));
    dashboard
        .path("templating")
        .path("list")
        .forEach(
            v -> {
              if (v.path("type").asText().equals("query")) {
                QUERIES.put("variable " + v.path("name").asText(), v.path("query").asText());
              }
            });
    postgres = PostgresServer.start();
    try (ReportStore store = ReportStores.open(postgres.url(), PostgresServer.PASSWORD)) {
      store.store(SyntheticReport.report(300), "upload");
      try (InputStream in =
          GrafanaReportsDashboardTest.class.getResourceAsStream(
              "/reports/rfc7489-three-records.xml")) {
        AggregateReport r = AggregateReportParser.parse(in);
        store.store(r, "imap:dmarc@example.com");
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** The SQL Grafana sends for a query over all time and the synthetic report's domain. */
  static String expanded(String sql) {
    String s =
        sql.replaceAll("\\$__unixEpochFilter\\(([a-z_.]+)\\)", "$1 >= 0 AND $1 <= 4102444800")
            .replaceAll(
                "\\$__unixEpochGroupAlias\\(([a-z_.]+), '1d'\\)",
                "floor($1 / 86400) * 86400 AS \"time\"")
            .replace("$domain", "'" + SyntheticReport.DOMAIN + "'");
    assertThat(s).as("unexpanded macro or variable in %s", sql).doesNotContain("$");
    return s;
  }

  @Test
  void everyPanelAndVariableQueryRunsAgainstTheStoreSchemaAndFindsTheStoredReports()
      throws Exception {
    assertThat(QUERIES).hasSizeGreaterThanOrEqualTo(15);
    try (Connection c =
            DriverManager.getConnection(
                postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD);
        Statement s = c.createStatement()) {
      for (Map.Entry<String, String> q : QUERIES.entrySet()) {
        try (ResultSet rs = s.executeQuery(expanded(q.getValue()))) {
          assertThat(rs.next()).as("%s returns rows", q.getKey()).isTrue();
          assertThat(rs.getObject(1)).as("%s first value", q.getKey()).isNotNull();
        }
      }
    }
  }

  @Test
  void panelsReadThePostgresDataSourceAndHaveUniqueIds() {
    Set<Integer> ids = new HashSet<>();
    dashboard
        .path("panels")
        .forEach(
            p -> {
              assertThat(ids.add(p.path("id").asInt())).as("panel id " + p.path("id")).isTrue();
              if (!p.path("type").asText().equals("row")) {
                assertThat(p.path("datasource").path("type").asText())
                    .isEqualTo("grafana-postgresql-datasource");
                assertThat(p.path("targets").size()).as(p.path("title").asText()).isEqualTo(1);
              }
            });
    assertThat(dashboard.path("uid").asText()).isEqualTo("senderdomain-operator-reports");
    // the filter every panel uses keeps to the indexed (domain, end_epoch) and end_epoch columns
    assertThat(QUERIES.values())
        .filteredOn(q -> q.contains("dmarc_report d"))
        .allSatisfy(
            q ->
                assertThat(q)
                    .contains("$__unixEpochFilter(d.end_epoch) AND d.domain IN ($domain)"));
  }
}
