package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimSecretCodec;
import dev.senderdomain.operator.dkim.DkimSecretContent;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.dkim.KeySecretManifest;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.records.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keys for {@code push} through the same key-ring step the operator uses ({@link KeyRingSecret}),
 * so a Secret written by {@code push --secrets-out} is one the operator continues from, and the
 * other way round.
 */
public final class RingKeySource implements KeySource {
  private final DkimKeyGenerator generator;

  public RingKeySource(DkimKeyGenerator generator) {
    this.generator = generator;
  }

  @Override
  public Keys keys(
      SenderDomain domain,
      SenderDomainConfig config,
      Optional<Secret> existing,
      Set<String> served,
      Instant at) {
    Map<String, String> data = existing.map(KeySecretManifest::plainData).orElse(null);
    Map<String, String> annotations =
        existing.map(s -> s.getMetadata().getAnnotations()).orElse(null);
    var spec = domain.getSpec().dkim;
    Map<String, String> adopt = null;
    if (data != null
        && spec != null
        && spec.existingSecretName != null
        && existing.get().getMetadata().getName().equals(spec.existingSecretName)) {
      adopt = data; // a user's own key Secret, not yet a ring
    }
    String rotation =
        domain.getMetadata().getAnnotations() == null
            ? null
            : domain.getMetadata().getAnnotations().get(RotationRequest.ANNOTATION);
    KeyRingSecret.Step step =
        KeyRingSecret.step(
            adopt == null ? data : null,
            annotations,
            adopt,
            spec,
            config.domain(),
            Duration.ofSeconds(config.ttl()),
            rotation,
            served,
            generator,
            at);
    List<DkimPublicRecord> records =
        step.dnsEntries().stream()
            .map(e -> new DkimPublicRecord(e.selector(), e.txtValue()))
            .toList();
    return new Keys(records, secret(domain, step.content()), step.generatedSelectors());
  }

  private static Secret secret(SenderDomain domain, DkimSecretContent content) {
    String ns = domain.getMetadata().getNamespace();
    return KeySecretManifest.build(
        ns,
        DkimSecretCodec.secretName(domain.getSpec().dkim, domain.getMetadata().getName()),
        ns + "/" + domain.getMetadata().getName(),
        content,
        null);
  }
}
