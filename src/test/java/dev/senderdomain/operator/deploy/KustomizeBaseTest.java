package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kustomize/base is generated from the chart (see {@link KustomizeBase}); this test
 * regenerates it in memory and fails on any difference. With -Dsdo.regenerate=true
 * (deploy/generate.sh) it rewrites the files instead.
 */
class KustomizeBaseTest {
  static SortedMap<String, String> generated;

  @BeforeAll
  static void generate() throws Exception {
    if (Boolean.getBoolean("sdo.regenerate")) {
      KustomizeBase.write();
    }
    generated = KustomizeBase.generate();
  }

  @Test
  void baseHoldsExactlyTheFilesGeneratedFromTheChart() {
    SortedMap<String, String> onDisk = KustomizeBase.onDisk();
    assertThat(onDisk.keySet())
        .as("files in deploy/kustomize/base; run deploy/generate.sh")
        .containsExactlyElementsOf(generated.keySet());
    generated.forEach(
        (file, content) ->
            assertThat(onDisk.get(file))
                .as("deploy/kustomize/base/%s differs from the chart; run deploy/generate.sh", file)
                .isEqualTo(content));
  }

  @Test
  void baseHasNamespaceCrdsRbacDeploymentAndService() {
    List<HasMetadata> objects = objectsOfTheBase();
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "Namespace",
            "CustomResourceDefinition",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Deployment",
            "Service");
    assertThat(objects)
        .filteredOn(o -> o.getKind().equals("CustomResourceDefinition"))
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "senderdomains.senderdomain.dev",
            "dnsproviders.senderdomain.dev",
            "clusterdnsproviders.senderdomain.dev");
  }

  @Test
  void baseCarriesNoHelmBookkeeping() {
    assertThat(generated.values())
        .noneMatch(
            content ->
                content.contains("helm.sh/")
                    || content.contains("{{")
                    || content.contains("# Source:")
                    || content.contains("managed-by: Helm"));
  }

  @Test
  void kustomizationListsEveryManifestOnce() {
    String kustomization = generated.get("kustomization.yaml");
    Set<String> listed =
        kustomization
            .lines()
            .filter(l -> l.startsWith("  - "))
            .map(l -> l.substring(4))
            .collect(Collectors.toSet());
    Set<String> manifests =
        generated.keySet().stream()
            .filter(f -> !f.equals("kustomization.yaml"))
            .collect(Collectors.toSet());
    assertThat(listed).isEqualTo(manifests);
  }

  /**
   * Builds the base with the real kustomize (the one in kubectl) where kubectl is installed; a
   * fresh Debian machine has none, and then only the checks above run.
   */
  @Test
  void kustomizeBuildsTheBaseIntoTheSameObjects() throws Exception {
    Path kubectl = kubectl();
    assumeThat(kubectl).as("kubectl on PATH").isNotNull();
    String out = run(kubectl.toString(), "kustomize", KustomizeBase.DIR.toString());
    assertThat(ids(HelmChart.parse(out)))
        .containsExactlyInAnyOrderElementsOf(ids(objectsOfTheBase()));
  }

  @Test
  void exampleOverlayChangesOnlyTheImageAndTheVariablesItNames() throws Exception {
    Path kubectl = kubectl();
    assumeThat(kubectl).as("kubectl on PATH").isNotNull();
    String out =
        run(
            kubectl.toString(),
            "kustomize",
            HelmChart.PROJECT.resolve("deploy/kustomize/overlays/example").toString());
    Deployment overlaid =
        HelmChart.parse(out).stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    Deployment base =
        objectsOfTheBase().stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    Container container = overlaid.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example/senderdomain-operator:0.1.0");
    Map<String, String> env = HelmChartDefaultValuesTest.env(container);
    Map<String, String> expected =
        new HashMap<>(
            HelmChartDefaultValuesTest.env(
                base.getSpec().getTemplate().getSpec().getContainers().get(0)));
    expected.put("SDO_LOG_FORMAT", "text");
    expected.put("SDO_RESYNC_INTERVAL", "30m");
    assertThat(env).isEqualTo(expected);
  }

  private static Path kubectl() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  private static List<HasMetadata> objectsOfTheBase() {
    return generated.entrySet().stream()
        .filter(e -> !e.getKey().equals("kustomization.yaml"))
        .flatMap(e -> HelmChart.parse(e.getValue()).stream())
        .toList();
  }

  private static List<String> ids(List<HasMetadata> objects) {
    return objects.stream().map(HelmChartDefaultValuesTest::describe).toList();
  }
}
