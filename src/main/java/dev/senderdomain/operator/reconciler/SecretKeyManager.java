package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyException;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimSecretCodec;
import dev.senderdomain.operator.dkim.DkimSecretContent;
import dev.senderdomain.operator.dkim.DkimStatusMapper;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.dkim.KeySecretManifest;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.records.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a SenderDomain's DKIM key ring in its Secret: read the ring (the Secret's annotation holds
 * its state, so a lost status loses nothing), let the pure rotation policy decide, generate what it
 * asks for once, and store the new ring before anything is published.
 */
public class SecretKeyManager implements KeyManager {
  private final KubernetesClient client;
  private final DkimKeyGenerator generator;

  public SecretKeyManager(KubernetesClient client, DkimKeyGenerator generator) {
    this.client = client;
    this.generator = generator;
  }

  @Override
  public KeyOutcome reconcile(
      SenderDomain sd, SenderDomainConfig config, Set<String> served, Instant now)
      throws KeyException {
    String ns = sd.getMetadata().getNamespace();
    String name =
        DkimSecretCodec.secretName(
            sd.getSpec() == null ? null : sd.getSpec().dkim, sd.getMetadata().getName());
    DkimSpec spec = sd.getSpec().dkim;
    try {
      Secret existing = client.secrets().inNamespace(ns).withName(name).get();
      Map<String, String> adopt = null;
      if ((existing == null || !DkimSecretCodec.hasKeyRing(existing.getMetadata().getAnnotations()))
          && spec != null
          && spec.existingSecretName != null) {
        Secret byok = client.secrets().inNamespace(ns).withName(spec.existingSecretName).get();
        if (byok == null) {
          throw new KeyException(
              "spec.dkim.existingSecretName: Secret "
                  + ns
                  + "/"
                  + spec.existingSecretName
                  + " not found");
        }
        adopt = KeySecretManifest.plainData(byok);
      }
      String annotation =
          sd.getMetadata().getAnnotations() == null
              ? null
              : sd.getMetadata().getAnnotations().get(RotationRequest.ANNOTATION);
      KeyRingSecret.Step step =
          KeyRingSecret.step(
              existing == null ? null : KeySecretManifest.plainData(existing),
              existing == null ? null : existing.getMetadata().getAnnotations(),
              adopt,
              spec,
              config.domain(),
              Duration.ofSeconds(config.ttl()),
              annotation,
              served,
              generator,
              now);
      if (existing == null || !sameContent(existing, step.content())) {
        store(sd, ns, name, existing, step.content());
      }
      List<DkimPublicRecord> records =
          step.dnsEntries().stream()
              .map(e -> new DkimPublicRecord(e.selector(), e.txtValue()))
              .toList();
      return new KeyOutcome(
          records,
          DkimStatusMapper.toStatus(step.ring(), step.plan(), name),
          step.plan().nextCheckAt(),
          step.plan().warnings(),
          step.generated());
    } catch (DkimKeyException e) {
      throw new KeyException(e.getMessage());
    }
  }

  private void store(
      SenderDomain sd, String ns, String name, Secret existing, DkimSecretContent content) {
    Secret secret =
        KeySecretManifest.build(
            ns,
            name,
            ns + "/" + sd.getMetadata().getName(),
            content,
            existing == null ? null : existing.getMetadata().getResourceVersion());
    // Optimistic concurrency: a write based on a stale ring fails (409) and the reconcile is
    // retried, so two
    // writers can never both add a key.
    if (existing == null) {
      client.secrets().inNamespace(ns).resource(secret).create();
    } else {
      client.secrets().inNamespace(ns).resource(secret).update();
    }
  }

  private static boolean sameContent(Secret existing, DkimSecretContent content) {
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    return KeySecretManifest.encodedData(content.data()).equals(existing.getData())
        && content.annotations().entrySet().stream()
            .allMatch(e -> annotations != null && e.getValue().equals(annotations.get(e.getKey())))
        && content.labels().entrySet().stream()
            .allMatch(
                e ->
                    existing.getMetadata().getLabels() != null
                        && e.getValue().equals(existing.getMetadata().getLabels().get(e.getKey())));
  }

  @Override
  public void cleanup(SenderDomain sd) {
    DkimSpec spec = sd.getSpec() == null ? null : sd.getSpec().dkim;
    if (DkimSecretCodec.deletesSecretWithDomain(spec)) {
      client
          .secrets()
          .inNamespace(sd.getMetadata().getNamespace())
          .withName(DkimSecretCodec.secretName(spec, sd.getMetadata().getName()))
          .delete();
    }
  }
}
