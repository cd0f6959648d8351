package dev.senderdomain.operator.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart under helm/senderdomain-operator, rendered in-process by helm-java (Helm's own Go code
 * loaded through JNI), so no helm binary is needed. Rendered documents are parsed into Fabric8
 * model objects.
 */
final class HelmChart {
  static final Path PROJECT = Path.of("").toAbsolutePath();
  static final Path DIR = PROJECT.resolve("helm/senderdomain-operator");
  static final String RELEASE = "senderdomain-operator";
  static final String NAMESPACE = "senderdomain-system";

  /**
   * helm-java's default capabilities say Kubernetes 1.20, below the chart's kubeVersion; a current
   * version.
   */
  static final String KUBE_VERSION = "1.31.0";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private HelmChart() {}

  static Helm helm() {
    return new Helm(DIR);
  }

  /** helm template with the chart's defaults, then the values file (if any), then each --set. */
  static String renderYaml(Path valuesFile, Map<String, ?> sets) {
    TemplateCommand template =
        helm().template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    if (valuesFile != null) {
      template = template.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, ?> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return template.call();
  }

  static Rendered render(Path valuesFile, Map<String, ?> sets) {
    return new Rendered(parse(renderYaml(valuesFile, sets)));
  }

  static Rendered renderDefaults() {
    return render(null, Map.of());
  }

  static Path testValues(String name) {
    return PROJECT.resolve("src/test/resources/chart-values").resolve(name);
  }

  /**
   * Every non-empty YAML document as a Fabric8 object (GenericKubernetesResource for kinds Fabric8
   * lacks).
   */
  static List<HasMetadata> parse(String multiDocumentYaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(multiDocumentYaml)) {
      if (document
          .lines()
          .allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      objects.add(Serialization.unmarshal(document));
    }
    return objects;
  }

  static List<HasMetadata> parse(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The objects of one rendering, with look-ups by type and name. */
  record Rendered(List<HasMetadata> objects) {
    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one " + type.getSimpleName() + ", rendered " + found.size());
      }
      return found.get(0);
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String namespace, String name) {
      return all(type).stream()
          .filter(o -> name.equals(o.getMetadata().getName()))
          .filter(o -> java.util.Objects.equals(namespace, o.getMetadata().getNamespace()))
          .findFirst();
    }

    List<String> kinds() {
      return objects.stream().map(HasMetadata::getKind).sorted().toList();
    }
  }

  /**
   * helm lint --strict with {@code overrides} merged into the chart's values. helm-java's lint
   * takes no values file, so the chart is copied into {@code tmp} with the overrides merged into
   * its values.yaml; lint renders every template with them. Fails on any warning or error.
   */
  static void assertLintsCleanWith(Path tmp, com.fasterxml.jackson.databind.JsonNode overrides)
      throws java.io.IOException {
    Path chart = tmp.resolve("senderdomain-operator");
    try (java.util.stream.Stream<Path> files = Files.walk(DIR)) {
      for (Path source : files.toList()) {
        Path target = chart.resolve(DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    var yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    var values = yaml.readTree(chart.resolve("values.yaml").toFile());
    yaml.readerForUpdating(values).readValue(overrides);
    yaml.writeValue(chart.resolve("values.yaml").toFile(), values);
    com.marcnuri.helm.LintResult result = new Helm(chart).lint().strict().call();
    org.assertj.core.api.Assertions.assertThat(result.isFailed())
        .as(String.join("\n", result.getMessages()))
        .isFalse();
    org.assertj.core.api.Assertions.assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
