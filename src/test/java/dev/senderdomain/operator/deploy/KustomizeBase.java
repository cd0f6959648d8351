package dev.senderdomain.operator.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates deploy/kustomize/base from the Helm chart, so the plain manifests and the chart cannot
 * disagree: the chart rendered with deploy/kustomize/base/chart-values.yaml, one file per chart
 * template, Helm's own labels removed, plus the namespace, copies of the CRDs and the
 * kustomization.yaml listing them.
 */
final class KustomizeBase {
  static final Path DIR = HelmChart.PROJECT.resolve("deploy/kustomize/base");
  static final Path VALUES = DIR.resolve("chart-values.yaml");
  static final Path TOP_LEVEL_CRDS = HelmChart.PROJECT.resolve("crds");
  static final String HEADER =
      "# Generated from helm/senderdomain-operator with chart-values.yaml by deploy/generate.sh. Do not edit:\n"
          + "# change the chart and regenerate (KustomizeBaseTest fails when this file differs).\n";

  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: [^/]+/templates/(\\S+)\\n");
  private static final Pattern HELM_ONLY_LINE =
      Pattern.compile("(?m)^\\s*(helm\\.sh/chart: .*|app\\.kubernetes\\.io/managed-by: Helm)\\n");

  private KustomizeBase() {}

  /**
   * Relative path -> content of every file the base directory must hold (chart-values.yaml
   * excepted).
   */
  static SortedMap<String, String> generate() {
    String rendered = HelmChart.renderYaml(VALUES, Map.of());
    Map<String, List<String>> documentsByTemplate = new LinkedHashMap<>();
    for (String document : rendered.split("(?m)^---\\s*\\n")) {
      Matcher source = SOURCE.matcher(document);
      if (!source.find()) {
        continue;
      }
      String body = HELM_ONLY_LINE.matcher(source.replaceFirst("")).replaceAll("");
      documentsByTemplate
          .computeIfAbsent(source.group(1), t -> new ArrayList<>())
          .add(body.stripTrailing() + "\n");
    }
    SortedMap<String, String> files = new TreeMap<>();
    List<String> resources = new ArrayList<>();
    files.put("namespace.yaml", HEADER + namespace());
    resources.add("namespace.yaml");
    for (Path crd : topLevelCrds()) {
      String name = "crds/" + crd.getFileName();
      files.put(name, read(crd));
      resources.add(name);
    }
    documentsByTemplate.forEach(
        (template, documents) -> {
          files.put(template, HEADER + String.join("---\n", documents));
          resources.add(template);
        });
    StringBuilder kustomization =
        new StringBuilder(HEADER)
            .append(
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
    resources.forEach(r -> kustomization.append("  - ").append(r).append('\n'));
    files.put("kustomization.yaml", kustomization.toString());
    return files;
  }

  /**
   * The namespace, labelled so that Pod Security admission enforces what the chart's pod already
   * meets.
   */
  private static String namespace() {
    return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "
        + HelmChart.NAMESPACE
        + "\n  labels:\n"
        + "    pod-security.kubernetes.io/enforce: restricted\n"
        + "    pod-security.kubernetes.io/warn: restricted\n";
  }

  /**
   * Relative path -> content of the files now in the base directory (chart-values.yaml excepted).
   */
  static SortedMap<String, String> onDisk() {
    SortedMap<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(DIR)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(DIR)) {
      paths
          .filter(Files::isRegularFile)
          .filter(p -> !p.equals(VALUES))
          .forEach(p -> files.put(DIR.relativize(p).toString().replace('\\', '/'), read(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Rewrites the base directory (and the chart's crds/) from the chart and the top-level crds/. */
  static void write() throws IOException {
    SortedMap<String, String> wanted = generate();
    for (String stale : onDisk().keySet()) {
      if (!wanted.containsKey(stale)) {
        Files.delete(DIR.resolve(stale));
      }
    }
    for (Map.Entry<String, String> file : wanted.entrySet()) {
      Path target = DIR.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    Path chartCrds = HelmChart.DIR.resolve("crds");
    try (Stream<Path> old = Files.list(chartCrds)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    for (Path crd : topLevelCrds()) {
      Files.copy(crd, chartCrds.resolve(crd.getFileName()));
    }
  }

  static List<Path> topLevelCrds() {
    try (Stream<Path> crds = Files.list(TOP_LEVEL_CRDS)) {
      return crds.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
