package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Helm installs the CRDs from the chart's crds/ directory, kustomize from the base's; both must be
 * byte-for-byte the top-level crds/ generated from the Java API classes. deploy/generate.sh copies
 * them.
 */
class ChartCrdsTest {
  @Test
  void chartCrdsAreTheTopLevelCrdsByteForByte() throws Exception {
    assertSameFiles(KustomizeBase.TOP_LEVEL_CRDS, HelmChart.DIR.resolve("crds"));
  }

  @Test
  void kustomizeBaseCrdsAreTheTopLevelCrdsByteForByte() throws Exception {
    assertSameFiles(KustomizeBase.TOP_LEVEL_CRDS, KustomizeBase.DIR.resolve("crds"));
  }

  @Test
  void theThreeCrdsOfTheSenderdomainGroupAreShipped() {
    List<String> names =
        KustomizeBase.topLevelCrds().stream()
            .map(
                p -> Serialization.unmarshal(KustomizeBase.read(p), CustomResourceDefinition.class))
            .peek(crd -> assertThat(crd.getSpec().getGroup()).isEqualTo("senderdomain.dev"))
            .map(crd -> crd.getMetadata().getName())
            .toList();
    assertThat(names)
        .containsExactlyInAnyOrder(
            "senderdomains.senderdomain.dev",
            "dnsproviders.senderdomain.dev",
            "clusterdnsproviders.senderdomain.dev");
  }

  private static void assertSameFiles(Path expectedDir, Path actualDir) throws Exception {
    assertThat(fileNames(actualDir))
        .as("CRD files in %s; run deploy/generate.sh", actualDir)
        .containsExactlyElementsOf(fileNames(expectedDir));
    for (String name : fileNames(expectedDir)) {
      assertThat(Files.readAllBytes(actualDir.resolve(name)))
          .as("%s/%s differs from crds/%s; run deploy/generate.sh", actualDir, name, name)
          .isEqualTo(Files.readAllBytes(expectedDir.resolve(name)));
    }
  }

  private static List<String> fileNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
