package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered object, with default and non-default values, uses only fields the Kubernetes API
 * has.
 */
class RenderedManifestsTest {
  static Stream<String> valuesFiles() {
    return Stream.of("", "namespaced-ha-postgresql.yaml");
  }

  @ParameterizedTest(name = "values: {0}")
  @MethodSource("valuesFiles")
  void renderedObjectsHaveNoUnknownField(String valuesFile) {
    Path values = valuesFile.isEmpty() ? null : HelmChart.testValues(valuesFile);
    List<HasMetadata> objects = HelmChart.render(values, Map.of()).objects();
    assertThat(objects)
        .isNotEmpty()
        .allSatisfy(
            o ->
                assertThat(UnknownFields.in(o))
                    .as(HelmChartDefaultValuesTest.describe(o))
                    .isEmpty());
  }

  @Test
  void detectsAMisspeltField() {
    Deployment deployment = HelmChart.renderDefaults().one(Deployment.class);
    deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getSecurityContext()
        .setAdditionalProperty("readOnlyRootFileSystem", true);
    assertThat(UnknownFields.in(deployment))
        .singleElement()
        .asString()
        .endsWith(".SecurityContext.readOnlyRootFileSystem");
  }
}
