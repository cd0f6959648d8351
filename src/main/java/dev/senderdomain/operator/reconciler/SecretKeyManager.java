package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyException;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimSecretContent;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.dkim.KeySecretManifest;
import dev.senderdomain.operator.dkim.KeySecretSettings;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a SenderDomain's DKIM key ring in its Secret: read the ring (the Secret's annotation holds
 * its state, so a lost status loses nothing), let the pure rotation policy decide, generate what it
 * asks for once, and store the new ring before anything is published. Which Secret is read and
 * written is {@link KeyRingSecret}'s rule, the same {@code push} follows.
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
    KeySecretSettings where = config.keySecret();
    Map<String, Secret> read = new HashMap<>();
    KeyRingSecret.Secrets secrets =
        name -> {
          Secret s = client.secrets().inNamespace(ns).withName(name).get();
          read.put(name, s);
          return Optional.ofNullable(s)
              .map(
                  x ->
                      new KeyRingSecret.Stored(
                          KeySecretManifest.plainData(x), x.getMetadata().getAnnotations()));
        };
    try {
      KeyRingSecret.Step step =
          KeyRingSecret.step(
              secrets,
              where,
              config.keys(),
              config.domain(),
              config.rotationRequest(),
              served,
              generator,
              now);
      Secret existing = read.get(where.name());
      if (existing == null || !sameContent(existing, step.content())) {
        store(sd, ns, where.name(), existing, step.content());
      }
      List<DkimPublicRecord> records =
          step.dnsEntries().stream()
              .map(e -> new DkimPublicRecord(e.selector(), e.txtValue()))
              .toList();
      return new KeyOutcome(
          records,
          step.ring().activeSelectors(),
          DkimStatusMapper.toStatus(step.ring(), step.plan(), where.name()),
          step.nextCheckAt(),
          step.plan().warnings(),
          step.generatedSelectors());
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
    // retried, so two writers can never both add a key.
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
  public void cleanup(SenderDomain sd, SenderDomainConfig config) {
    if (config.keySecret().deleteWithDomain()) {
      client
          .secrets()
          .inNamespace(sd.getMetadata().getNamespace())
          .withName(config.keySecret().name())
          .delete();
    }
  }
}
