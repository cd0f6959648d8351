package dev.senderdomain.operator.dkim;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key Secret as a Kubernetes object, the same whether the operator writes it to the API or
 * {@code push} writes it to {@code --secrets-out}: labelled as ours (so it can be found and told
 * apart from credential Secrets) and annotated with its SenderDomain.
 */
public final class KeySecretManifest {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "senderdomain-operator";
  public static final String OWNER_ANNOTATION = "senderdomain.dev/owner";

  private KeySecretManifest() {}

  /**
   * @param resourceVersion the version an update is based on (optimistic concurrency), null for a
   *     create
   */
  public static Secret build(
      String namespace,
      String name,
      String owner,
      DkimSecretContent content,
      String resourceVersion) {
    Map<String, String> labels = new TreeMap<>(content.labels());
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    Map<String, String> annotations = new TreeMap<>(content.annotations());
    annotations.put(OWNER_ANNOTATION, owner);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(annotations)
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .withType("Opaque")
        .withData(encodedData(content.data()))
        .build();
  }

  /** Plain values base64-encoded for a Secret's {@code data}. */
  public static Map<String, String> encodedData(Map<String, String> plain) {
    Map<String, String> data = new LinkedHashMap<>();
    plain.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return data;
  }

  /**
   * A Secret's values as plain strings: {@code data} decoded, and {@code stringData} for a manifest
   * that never went through an API server (which would have folded it into {@code data}).
   */
  public static Map<String, String> plainData(Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(
                      k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach(data::putIfAbsent);
    }
    return data;
  }
}
