package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** `helm lint --strict`, and values that must be refused before anything reaches the cluster. */
class HelmValuesValidationTest {
  @Test
  void chartPassesHelmLintInStrictMode() {
    LintResult result = HelmChart.helm().lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  /**
   * helm-java's lint takes no values file, so the chart is copied with the non-default values
   * merged into its values.yaml and linted there: lint renders every template with them.
   */
  @Test
  void chartPassesHelmLintInStrictModeWithNonDefaultValues(@TempDir Path tmp) throws Exception {
    JsonNode overrides =
        new ObjectMapper(new YAMLFactory())
            .readTree(HelmChart.testValues("namespaced-ha-postgresql.yaml").toFile());
    assertThat(overrides.path("watchNamespaces").size()).isEqualTo(2);
    HelmChart.assertLintsCleanWith(tmp, overrides);
  }

  static Stream<Arguments> refusedValues() {
    return Stream.of(
        Arguments.of(
            "a misspelt top-level key",
            sets("replicaCont", 2),
            "additional properties 'replicaCont' not allowed"),
        Arguments.of(
            "a misspelt nested key",
            sets("leaderElection.enable", false),
            "at '/leaderElection': additional properties 'enable' not allowed"),
        Arguments.of(
            "a misspelt key under resources",
            sets("resources.limit.memory", "1Gi"),
            "at '/resources': additional properties 'limit' not allowed"),
        Arguments.of("an unknown log format", sets("logFormat", "xml"), "at '/logFormat'"),
        Arguments.of(
            "a resync interval that is not a duration",
            sets("resyncInterval", "ten minutes"),
            "at '/resyncInterval'"),
        Arguments.of(
            "a watched namespace that is not a DNS label",
            sets("watchNamespaces[0]", "Team_A"),
            "at '/watchNamespaces/0'"),
        Arguments.of(
            "a report store type that does not exist",
            sets("reportStore.type", "mysql"),
            "at '/reportStore/type'"),
        Arguments.of(
            "two replicas without leader election",
            sets("replicaCount", 2, "leaderElection.enabled", false),
            "needs leaderElection.enabled=true"),
        Arguments.of(
            "two replicas sharing one embedded store volume",
            sets("replicaCount", 2, "reportStore.embedded.persistence.enabled", true),
            "cannot share"),
        Arguments.of(
            "PostgreSQL without a URL",
            sets(
                "reportStore.type",
                "postgresql",
                "reportStore.postgresql.passwordSecret.name",
                "db"),
            "reportStore.postgresql.url is required"),
        Arguments.of(
            "PostgreSQL without a password Secret",
            sets(
                "reportStore.type",
                "postgresql",
                "reportStore.postgresql.url",
                "jdbc:postgresql://db:5432/sdo"),
            "passwordSecret.name is required"),
        Arguments.of(
            "a non-PostgreSQL JDBC URL",
            sets(
                "reportStore.type",
                "postgresql",
                "reportStore.postgresql.url",
                "jdbc:mysql://db/sdo",
                "reportStore.postgresql.passwordSecret.name",
                "db"),
            "at '/reportStore/postgresql/url'"),
        Arguments.of(
            "an existing ServiceAccount without its name",
            sets("serviceAccount.create", false),
            "serviceAccount.name is required"));
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("refusedValues")
  void refusesValuesThatWouldRenderABrokenOperator(
      String what, Map<String, Object> sets, String named) {
    assertThatThrownBy(() -> HelmChart.renderYaml(null, sets)).hasMessageContaining(named);
  }

  @Test
  void acceptsPostgresqlWithUrlAndPasswordSecret() {
    String yaml =
        HelmChart.renderYaml(
            null,
            sets(
                "reportStore.type",
                "postgresql",
                "reportStore.postgresql.url",
                "jdbc:postgresql://db:5432/sdo?user=sdo",
                "reportStore.postgresql.passwordSecret.name",
                "db"));
    assertThat(yaml).contains("jdbc:postgresql://db:5432/sdo?user=sdo");
  }

  private static Map<String, Object> sets(Object... keysAndValues) {
    Map<String, Object> sets = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      sets.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return sets;
  }
}
