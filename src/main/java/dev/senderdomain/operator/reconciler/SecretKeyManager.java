package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyException;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimSecretCodec;
import dev.senderdomain.operator.dkim.DkimSecretContent;
import dev.senderdomain.operator.dkim.DkimStatusMapper;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.records.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a SenderDomain's DKIM key ring in its Secret: read the ring (the Secret's annotation holds its state, so a
 * lost status loses nothing), let the pure rotation policy decide, generate what it asks for once, and store the
 * new ring before anything is published.
 */
public class SecretKeyManager implements KeyManager {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "senderdomain-operator";
  public static final String OWNER_ANNOTATION = "senderdomain.dev/owner";

  private final KubernetesClient client;
  private final DkimKeyGenerator generator;

  public SecretKeyManager(KubernetesClient client, DkimKeyGenerator generator) {
    this.client = client;
    this.generator = generator;
  }

  public static String secretName(SenderDomain sd) {
    DkimSpec dkim = sd.getSpec() == null ? null : sd.getSpec().dkim;
    return dkim != null && dkim.secretName != null ? dkim.secretName : sd.getMetadata().getName() + "-dkim";
  }

  @Override
  public KeyOutcome reconcile(SenderDomain sd, SenderDomainConfig config, Set<String> served, Instant now)
      throws KeyException {
    String ns = sd.getMetadata().getNamespace();
    String name = secretName(sd);
    DkimSpec spec = sd.getSpec().dkim;
    try {
      Secret existing = client.secrets().inNamespace(ns).withName(name).get();
      Map<String, String> adopt = null;
      if ((existing == null || !DkimSecretCodec.hasKeyRing(existing.getMetadata().getAnnotations()))
          && spec != null && spec.existingSecretName != null) {
        Secret byok = client.secrets().inNamespace(ns).withName(spec.existingSecretName).get();
        if (byok == null) {
          throw new KeyException("spec.dkim.existingSecretName: Secret " + ns + "/" + spec.existingSecretName
              + " not found");
        }
        adopt = decoded(byok);
      }
      String annotation = sd.getMetadata().getAnnotations() == null ? null
          : sd.getMetadata().getAnnotations().get(RotationRequest.ANNOTATION);
      KeyRingSecret.Step step = KeyRingSecret.step(existing == null ? null : decoded(existing),
          existing == null ? null : existing.getMetadata().getAnnotations(), adopt, spec, config.domain(),
          Duration.ofSeconds(config.ttl()), annotation, served, generator, now);
      if (existing == null || !sameContent(existing, step.content())) {
        store(sd, ns, name, existing, step.content());
      }
      List<DkimPublicRecord> records = step.dnsEntries().stream()
          .map(e -> new DkimPublicRecord(e.selector(), e.txtValue()))
          .toList();
      return new KeyOutcome(records, DkimStatusMapper.toStatus(step.ring(), step.plan(), name),
          step.plan().nextCheckAt(), step.plan().warnings(), step.generated());
    } catch (DkimKeyException e) {
      throw new KeyException(e.getMessage());
    }
  }

  private void store(SenderDomain sd, String ns, String name, Secret existing, DkimSecretContent content) {
    Map<String, String> labels = new HashMap<>(content.labels());
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    Map<String, String> annotations = new HashMap<>(content.annotations());
    annotations.put(OWNER_ANNOTATION, ns + "/" + sd.getMetadata().getName());
    Secret secret = new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(labels)
        .withAnnotations(annotations)
        .withResourceVersion(existing == null ? null : existing.getMetadata().getResourceVersion())
        .endMetadata()
        .withType("Opaque")
        .withData(encoded(content.data()))
        .build();
    // Optimistic concurrency: a write based on a stale ring fails (409) and the reconcile is retried, so two
    // writers can never both add a key.
    if (existing == null) {
      client.secrets().inNamespace(ns).resource(secret).create();
    } else {
      client.secrets().inNamespace(ns).resource(secret).update();
    }
  }

  private static boolean sameContent(Secret existing, DkimSecretContent content) {
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    return encoded(content.data()).equals(existing.getData())
        && content.annotations().entrySet().stream()
            .allMatch(e -> annotations != null && e.getValue().equals(annotations.get(e.getKey())))
        && content.labels().entrySet().stream().allMatch(e -> existing.getMetadata().getLabels() != null
            && e.getValue().equals(existing.getMetadata().getLabels().get(e.getKey())));
  }

  private static Map<String, String> encoded(Map<String, String> plain) {
    Map<String, String> data = new LinkedHashMap<>();
    plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return data;
  }

  private static Map<String, String> decoded(Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v),
          StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach(data::putIfAbsent);
    }
    return data;
  }

  @Override
  public void cleanup(SenderDomain sd) {
    DkimSpec spec = sd.getSpec() == null ? null : sd.getSpec().dkim;
    if (spec != null && "Delete".equals(spec.deletionPolicy)) {
      client.secrets().inNamespace(sd.getMetadata().getNamespace()).withName(secretName(sd)).delete();
    }
  }
}
