package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shipped in the chart queries only metrics that exist: the operator's own
 * (the contract below, also listed in docs/install.md) and JOSDK's as its Micrometer support really
 * names them.
 */
class GrafanaDashboardTest {
  /** The operator's own metrics and their labels: the contract the `run` command implements. */
  static final Map<String, Set<String>> OPERATOR_METRICS =
      Map.of(
          "senderdomain_records_published_total", Set.of("namespace", "name"),
          "senderdomain_dmarc_pct", Set.of("namespace", "name", "policy"),
          "senderdomain_dkim_key_age_seconds", Set.of("namespace", "name", "selector", "algorithm"),
          "senderdomain_provider_errors_total", Set.of("provider", "reason"),
          "senderdomain_report_messages_total",
              Set.of("domain", "reporter", "result", "disposition"),
          "senderdomain_ready", Set.of("namespace", "name"));

  static final Pattern METRIC = Pattern.compile("\\b((?:senderdomain|operator_sdk)_[a-z_]+)\\b");
  static final Pattern METRIC_NAME_REGEX = Pattern.compile("__name__=~\"([^\"]+)\"");
  static final Pattern AGGREGATION =
      Pattern.compile("by \\(([^)]*)\\)\\s*\\((?:rate|increase)?\\(?(senderdomain_\\w+)");

  static JsonNode dashboard;
  static List<String> expressions;
  static Set<String> josdkSamples;

  @BeforeAll
  static void load() throws Exception {
    dashboard =
        new ObjectMapper().readTree(HelmChart.DIR.resolve("files/grafana-dashboard.json").toFile());
    expressions = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    dashboard
        .path("templating")
        .path("list")
        .forEach(
            v -> {
              if (v.path("query").has("query")) {
                expressions.add(v.path("query").path("query").asText());
              }
            });
    josdkSamples = JosdkMetricsScrape.sampleNames(JosdkMetricsScrape.scrape());
  }

  /**
   * The expression with its {__name__=~"..."} selectors removed (those are checked as patterns).
   */
  private static String withoutNameRegexes(String expr) {
    return METRIC_NAME_REGEX.matcher(expr).replaceAll("");
  }

  @Test
  void panelsHaveUniqueIdsAndAQueryEach() {
    Set<Integer> ids = new HashSet<>();
    dashboard
        .path("panels")
        .forEach(
            p -> {
              assertThat(ids.add(p.path("id").asInt()))
                  .as("duplicate panel id " + p.path("id"))
                  .isTrue();
              if (!p.path("type").asText().equals("row")) {
                assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive();
              }
            });
    assertThat(dashboard.path("uid").asText()).isEqualTo("senderdomain-operator");
  }

  @Test
  void queriesOnlyMetricsThatExist() {
    assertThat(expressions).isNotEmpty();
    for (String expr : expressions) {
      Matcher m = METRIC.matcher(withoutNameRegexes(expr));
      while (m.find()) {
        String name = m.group(1);
        if (name.startsWith("senderdomain_")) {
          assertThat(OPERATOR_METRICS).as(expr).containsKey(name);
        } else {
          assertThat(josdkSamples).as("JOSDK exports %s (in %s)", name, expr).contains(name);
        }
      }
      Matcher regex = METRIC_NAME_REGEX.matcher(expr);
      while (regex.find()) {
        String pattern = regex.group(1);
        assertThat(josdkSamples).as(expr).anyMatch(n -> n.matches(pattern));
      }
    }
  }

  @Test
  void aggregatesOperatorMetricsOnlyByLabelsTheyHave() {
    int checked = 0;
    for (String expr : expressions) {
      Matcher m = AGGREGATION.matcher(expr);
      while (m.find()) {
        Set<String> labels = new HashSet<>(List.of(m.group(1).split("\\s*,\\s*")));
        labels.remove("le");
        assertThat(OPERATOR_METRICS.get(m.group(2))).as(expr).containsAll(labels);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(4);
  }

  @Test
  void everyOperatorMetricHasAPanel() {
    String all = String.join("\n", expressions);
    assertThat(OPERATOR_METRICS.keySet()).allSatisfy(name -> assertThat(all).contains(name));
  }

  @Test
  void installDocsListEveryMetricTheDashboardUses() throws Exception {
    String docs = Files.readString(HelmChart.PROJECT.resolve("docs/install.md"));
    Set<String> used = new HashSet<>(OPERATOR_METRICS.keySet());
    for (String expr : expressions) {
      Matcher m = METRIC.matcher(withoutNameRegexes(expr));
      while (m.find()) {
        used.add(m.group(1).replaceAll("_(bucket|count|sum)$", ""));
      }
      Matcher regex = METRIC_NAME_REGEX.matcher(expr);
      while (regex.find()) {
        used.add(regex.group(1).replace(".+", "<controller>"));
      }
    }
    assertThat(used).allSatisfy(name -> assertThat(docs).contains("`" + name));
  }
}
