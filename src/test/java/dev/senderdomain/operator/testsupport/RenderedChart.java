package dev.senderdomain.operator.testsupport;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Helm chart rendered as {@code helm template} would (helm-java: Helm's own code, no binary),
 * with the names a default install gets: release {@value #RELEASE} in namespace {@value
 * #NAMESPACE}.
 */
public record RenderedChart(List<HasMetadata> objects) {
  public static final Path CHART = Path.of("helm/senderdomain-operator").toAbsolutePath();
  public static final String RELEASE = "senderdomain-operator";
  public static final String NAMESPACE = "senderdomain-system";
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  /** The chart with its defaults and then each {@code --set}. */
  public static RenderedChart render(Map<String, ?> sets) {
    TemplateCommand template =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.31.0");
    for (Map.Entry<String, ?> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(template.call())) {
      if (document
          .lines()
          .allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      objects.add(Serialization.unmarshal(document));
    }
    return new RenderedChart(List.copyOf(objects));
  }

  public Deployment deployment() {
    return objects.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** The ServiceAccount the operator's pod runs as. */
  public String serviceAccount() {
    return deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  /**
   * The operator container's environment as the kubelet gives it to a pod named {@code podName}:
   * literal values, and the downward API's metadata.namespace and metadata.name.
   */
  public Map<String, String> environment(String podName) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v :
        deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (v.getValue() != null) {
        env.put(v.getName(), v.getValue());
      } else if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
        switch (v.getValueFrom().getFieldRef().getFieldPath()) {
          case "metadata.namespace" -> env.put(v.getName(), NAMESPACE);
          case "metadata.name" -> env.put(v.getName(), podName);
          default ->
              throw new IllegalStateException(
                  "no stand-in for " + v.getValueFrom().getFieldRef().getFieldPath());
        }
      }
    }
    return env;
  }

  /** The container's arguments (the jar's command, "run"). */
  public List<String> args() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }
}
