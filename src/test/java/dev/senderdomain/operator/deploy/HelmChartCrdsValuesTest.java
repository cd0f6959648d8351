package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * crds.enabled and crds.keep (cert-manager's pattern): the chart renders the CRDs of crds/ as
 * templates, so `helm upgrade` upgrades them, kept on uninstall unless crds.keep is false; by
 * default it renders none and Helm installs crds/ once, as before.
 */
class HelmChartCrdsValuesTest {
  static final String KEEP = "helm.sh/resource-policy";

  @Test
  void byDefaultNoCrdIsRenderedAndHelmInstallsCrdsDirectoryOnly() {
    assertThat(HelmChart.renderDefaults().all(CustomResourceDefinition.class)).isEmpty();
  }

  @Test
  void withCrdsEnabledEachCrdOfTheCrdsDirectoryIsRenderedUnchangedAndKept() throws Exception {
    List<CustomResourceDefinition> rendered =
        HelmChart.render(null, Map.of("crds.enabled", true)).all(CustomResourceDefinition.class);
    List<CustomResourceDefinition> files = crdsDirectory();
    assertThat(rendered)
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(
            files.stream().map(c -> c.getMetadata().getName()).toList());
    for (CustomResourceDefinition file : files) {
      CustomResourceDefinition crd =
          rendered.stream()
              .filter(c -> c.getMetadata().getName().equals(file.getMetadata().getName()))
              .findFirst()
              .orElseThrow();
      assertThat(crd.getSpec()).as(file.getMetadata().getName()).isEqualTo(file.getSpec());
      assertThat(crd.getMetadata().getAnnotations()).containsExactly(Map.entry(KEEP, "keep"));
      assertThat(crd.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
          .containsEntry("app.kubernetes.io/component", "crds");
    }
  }

  @Test
  void withCrdsKeepFalseUninstallingTheReleaseDeletesTheCrds() {
    List<CustomResourceDefinition> rendered =
        HelmChart.render(null, Map.of("crds.enabled", true, "crds.keep", false))
            .all(CustomResourceDefinition.class);
    assertThat(rendered).hasSize(3);
    assertThat(rendered)
        .allSatisfy(c -> assertThat(c.getMetadata().getAnnotations()).isNullOrEmpty());
  }

  @Test
  void misspeltOrMistypedCrdsValuesAreRefused() {
    assertThatThrownBy(() -> HelmChart.renderYaml(null, Map.of("crds.enable", true)))
        .hasMessageContaining("at '/crds': additional properties 'enable' not allowed");
    assertThatThrownBy(() -> HelmChart.renderYaml(null, Map.of("crds.keep", "sometimes")))
        .hasMessageContaining("/crds/keep");
  }

  @Test
  void chartPassesHelmLintInStrictModeWithCrdsEnabled(@TempDir Path tmp) throws Exception {
    HelmChart.assertLintsCleanWith(
        tmp, new ObjectMapper(new YAMLFactory()).readTree("crds: {enabled: true, keep: false}"));
  }

  private static List<CustomResourceDefinition> crdsDirectory() throws Exception {
    try (Stream<Path> files = Files.list(HelmChart.DIR.resolve("crds"))) {
      return files
          .sorted()
          .map(
              p -> {
                try {
                  return Serialization.unmarshal(
                      Files.readString(p), CustomResourceDefinition.class);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
