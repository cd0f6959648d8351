package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.dkim.KeySecretManifest;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import java.time.Instant;
import java.util.List;
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
      KeyRingSecret.Secrets secrets,
      Set<String> served,
      Instant at) {
    KeyRingSecret.Step step =
        KeyRingSecret.step(
            secrets,
            config.keySecret(),
            config.keys(),
            config.domain(),
            config.rotationRequest(),
            served,
            generator,
            at);
    List<DkimPublicRecord> records =
        step.dnsEntries().stream()
            .map(e -> new DkimPublicRecord(e.selector(), e.txtValue()))
            .toList();
    String ns = domain.getMetadata().getNamespace();
    return new Keys(
        records,
        KeySecretManifest.build(
            ns,
            config.keySecret().name(),
            ns + "/" + domain.getMetadata().getName(),
            step.content(),
            null),
        step.generatedSelectors());
  }
}
