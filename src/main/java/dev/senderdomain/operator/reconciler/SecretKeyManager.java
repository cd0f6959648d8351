package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyException;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimSecretContent;
import dev.senderdomain.operator.dkim.KeyRing;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.dkim.KeySecretManifest;
import dev.senderdomain.operator.dkim.KeySecretSettings;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
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
    String name = config.keySecret().name();
    if (noKeySecretShown(sd)) {
      // A new SenderDomain (its status has never shown a key Secret): create the Secret without
      // reading it first. If it exists after all (a lost status, a Secret made by hand), the create
      // is refused (409) and the step starts over from the Secret as read; the key made for the
      // refused create was never stored or published, and is dropped. The benchmark counted this
      // read as one of 8 API requests per new domain (docs/performance.md).
      Optional<KeyOutcome> created = step(sd, config, served, now, Optional.empty(), null, true);
      if (created.isPresent()) {
        return created.get();
      }
    }
    Secret read = client.secrets().inNamespace(ns).withName(name).get();
    return step(sd, config, served, now, Optional.ofNullable(read), null, false).orElseThrow();
  }

  /**
   * From the Secret as the first step of this reconcile wrote (or read) it, and the ring that step
   * encoded into it: what the API returned is as fresh as a read, and a write based on it still
   * carries its resourceVersion, so a change made meanwhile fails the write (409) as before. The
   * ring is not decoded again (for Ed25519, deriving each public key from its seed once more).
   */
  @Override
  public KeyOutcome reconcileAgain(
      SenderDomain sd,
      SenderDomainConfig config,
      KeyOutcome before,
      Set<String> served,
      Instant now)
      throws KeyException {
    if (before.stored() instanceof StoredSecret stored
        && stored.secret().getMetadata().getName().equals(config.keySecret().name())) {
      return step(sd, config, served, now, Optional.of(stored.secret()), stored.ring(), false)
          .orElseThrow();
    }
    return reconcile(sd, config, served, now);
  }

  /**
   * One step from the key Secret as given ({@code known}: empty for absent).
   *
   * @param ring the ring {@code known} holds, when this reconcile encoded it; null: decode it
   * @param assumed {@code known} was assumed, not read: empty when the create is refused because
   *     the Secret exists, or the step fails (the caller then reads the Secret and tries again)
   */
  private Optional<KeyOutcome> step(
      SenderDomain sd,
      SenderDomainConfig config,
      Set<String> served,
      Instant now,
      Optional<Secret> known,
      KeyRing ring,
      boolean assumed)
      throws KeyException {
    String ns = sd.getMetadata().getNamespace();
    KeySecretSettings where = config.keySecret();
    KeyRingSecret.Secrets secrets =
        name ->
            (name.equals(where.name())
                    ? known
                    : Optional.ofNullable(client.secrets().inNamespace(ns).withName(name).get()))
                .map(
                    x ->
                        new KeyRingSecret.Stored(
                            KeySecretManifest.plainData(x), x.getMetadata().getAnnotations()));
    try {
      KeyRingSecret.Step step =
          KeyRingSecret.step(
              ring != null ? ring : KeyRingSecret.current(secrets, where, now),
              where,
              config.keys(),
              config.domain(),
              config.rotationRequest(),
              served,
              generator,
              now);
      Secret existing = known.orElse(null);
      Secret stored = existing;
      if (existing == null || !sameContent(existing, step.content())) {
        try {
          stored = store(sd, ns, where.name(), existing, step.content());
        } catch (KubernetesClientException e) {
          if (assumed && e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
            return Optional.empty();
          }
          throw e;
        }
      }
      List<DkimPublicRecord> records =
          step.dnsEntries().stream()
              .map(e -> new DkimPublicRecord(e.selector(), e.txtValue()))
              .toList();
      return Optional.of(
          new KeyOutcome(
              records,
              step.ring().activeSelectors(),
              DkimStatusMapper.toStatus(step.ring(), step.plan(), where.name()),
              step.nextCheckAt(),
              step.plan().warnings(),
              step.generatedSelectors(),
              stored == null ? null : new StoredSecret(stored, step.ring())));
    } catch (DkimKeyException e) {
      if (assumed) {
        // e.g. the Secret to adopt from is gone, but the key Secret may hold a ring already.
        return Optional.empty();
      }
      throw new KeyException(e.getMessage());
    }
  }

  /** Whether status has never named a key Secret: the SenderDomain is new (or its status lost). */
  private static boolean noKeySecretShown(SenderDomain sd) {
    return sd.getStatus() == null
        || sd.getStatus().dkim == null
        || sd.getStatus().dkim.secretName == null;
  }

  /**
   * The key Secret as the API returned it and the ring encoded into it; printed by name and version
   * only.
   */
  private record StoredSecret(Secret secret, KeyRing ring) implements Stored {
    @Override
    public String toString() {
      return "key Secret "
          + secret.getMetadata().getName()
          + " at resourceVersion "
          + secret.getMetadata().getResourceVersion();
    }
  }

  private Secret store(
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
      return client.secrets().inNamespace(ns).resource(secret).create();
    }
    return client.secrets().inNamespace(ns).resource(secret).update();
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
