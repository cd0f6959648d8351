package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimSecretContent;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.records.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keys for {@code push} through the same key-ring step the operator uses ({@link KeyRingSecret}), so a Secret written
 * by {@code push --secrets-out} is one the operator continues from, and the other way round.
 */
public final class RingKeySource implements KeySource {
  private final DkimKeyGenerator generator;

  public RingKeySource(DkimKeyGenerator generator) {
    this.generator = generator;
  }

  @Override
  public Keys keys(SenderDomain domain, SenderDomainConfig config, Optional<Secret> existing, Set<String> served,
      Instant at) {
    Map<String, String> data = existing.map(RingKeySource::plain).orElse(null);
    Map<String, String> annotations = existing.map(s -> s.getMetadata().getAnnotations()).orElse(null);
    var spec = domain.getSpec().dkim;
    Map<String, String> adopt = null;
    if (data != null && spec != null && spec.existingSecretName != null
        && existing.get().getMetadata().getName().equals(spec.existingSecretName)) {
      adopt = data; // a user's own key Secret, not yet a ring
    }
    String rotation = domain.getMetadata().getAnnotations() == null ? null
        : domain.getMetadata().getAnnotations().get(RotationRequest.ANNOTATION);
    KeyRingSecret.Step step = KeyRingSecret.step(adopt == null ? data : null, annotations, adopt, spec,
        config.domain(), Duration.ofSeconds(config.ttl()), rotation, served, generator, at);
    List<DkimPublicRecord> records = step.dnsEntries().stream()
        .map(e -> new DkimPublicRecord(e.selector(), e.txtValue())).toList();
    return new Keys(records, secret(domain, step.content()), step.generatedSelectors());
  }

  private static Secret secret(SenderDomain domain, DkimSecretContent content) {
    Map<String, String> data = new LinkedHashMap<>();
    content.data().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(
        StandardCharsets.UTF_8))));
    Map<String, String> labels = new HashMap<>(content.labels());
    labels.put("app.kubernetes.io/managed-by", "senderdomain-operator");
    Map<String, String> annotations = new HashMap<>(content.annotations());
    annotations.put("senderdomain.dev/owner", domain.getMetadata().getNamespace() + "/"
        + domain.getMetadata().getName());
    String name = domain.getSpec().dkim != null && domain.getSpec().dkim.secretName != null
        ? domain.getSpec().dkim.secretName : domain.getMetadata().getName() + "-dkim";
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(domain.getMetadata().getNamespace())
        .withLabels(labels).withAnnotations(annotations).endMetadata().withType("Opaque").withData(data).build();
  }

  private static Map<String, String> plain(Secret s) {
    Map<String, String> data = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> data.put(k, new String(Base64.getMimeDecoder().decode(v),
          StandardCharsets.UTF_8)));
    }
    if (s.getStringData() != null) {
      s.getStringData().forEach(data::putIfAbsent);
    }
    return data;
  }
}
