package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.ProviderRef;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.dkim.KeyPolicy;
import dev.senderdomain.operator.dkim.KeySecretSettings;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.records.RecordsConfig;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one reader of a SenderDomain: turns it into a {@link SenderDomainConfig} or lists every
 * problem with the field it is in. The operator, {@code plan}, {@code push} and {@code validate}
 * all call this, so they refuse exactly the same resources with the same messages. The CRD schema
 * refuses much of this already at {@code kubectl apply}; this also covers what the schema cannot
 * express, and the commands that never see an API server.
 */
public final class SenderDomainValidator {
  private SenderDomainValidator() {}

  public static SenderDomainConfig validate(SenderDomain resource) throws InvalidSpecException {
    SenderDomainSpec spec = resource.getSpec();
    if (spec == null) {
      throw new InvalidSpecException(List.of(new FieldError("spec", "is required")));
    }
    Problems problems = new Problems();
    String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
    if (name == null || name.isEmpty()) {
      problems.add("metadata.name", "is required");
    }
    String domain = RecordRules.domainName("spec.domain", spec.domain, false, problems);
    Optional<ProviderReference> provider = provider(spec.providerRef, problems);
    boolean removeRecordsOnDelete = removeRecordsOnDelete(spec.deletionPolicy, problems);
    long ttl = RecordsConfig.DEFAULT_TTL;
    if (spec.ttl != null) {
      if (spec.ttl < 30 || spec.ttl > 604800) {
        problems.add("spec.ttl", "must be between 30 and 604800 seconds, got " + spec.ttl);
      } else {
        ttl = spec.ttl;
      }
    }
    RecordsConfig.Spf spf =
        spec.spf == null ? null : RecordRules.spf("spec.spf", spec.spf, problems);
    RecordsConfig.Bounce bounce = RecordRules.bounce(spec.bounce, domain, spf, problems);
    RecordsConfig.Tracking tracking =
        RecordRules.tracking(spec.tracking, spec.bounce, domain, problems);
    KeyPolicy keys = DkimRules.keyPolicy(spec.dkim, Duration.ofSeconds(ttl), problems);
    KeySecretSettings keySecret = DkimRules.keySecret(spec.dkim, name, problems);
    DmarcSpec dmarc = spec.dmarc == null ? new DmarcSpec() : spec.dmarc;
    DmarcOptions options = DmarcRules.options(dmarc, problems);
    RolloutTarget rollout = DmarcRules.rollout(dmarc.rollout, problems);
    Optional<GateSpecValues> gate = DmarcRules.gate(dmarc.rollout, problems);
    if (!problems.none()) {
      throw new InvalidSpecException(problems.all());
    }
    return new SenderDomainConfig(
        domain,
        provider,
        new RecordsConfig(domain, ttl, spf, bounce, tracking, options),
        keys,
        keySecret,
        rotationRequest(resource),
        rollout,
        gate,
        removeRecordsOnDelete);
  }

  /** No providerRef: the records are published by hand; a providerRef names its provider. */
  private static Optional<ProviderReference> provider(ProviderRef ref, Problems problems) {
    if (ref == null) {
      return Optional.empty();
    }
    if (ref.name == null || ref.name.isBlank()) {
      problems.add("spec.providerRef.name", "is required");
      return Optional.empty();
    }
    int before = problems.count();
    KubernetesNames.objectNameProblem(ref.name)
        .ifPresent(p -> problems.add("spec.providerRef.name", p));
    boolean cluster = ProviderReference.KIND_CLUSTER.equals(ref.kind);
    if (ref.kind != null && !cluster && !ProviderReference.KIND_NAMESPACED.equals(ref.kind)) {
      problems.add(
          "spec.providerRef.kind",
          "must be "
              + ProviderReference.KIND_NAMESPACED
              + " or "
              + ProviderReference.KIND_CLUSTER
              + ", got '"
              + DnsNames.abbreviate(ref.kind)
              + "'");
    }
    return problems.count() == before
        ? Optional.of(new ProviderReference(ref.name, cluster))
        : Optional.empty();
  }

  /** {@code spec.deletionPolicy}: Delete (default) removes the published records, Retain keeps. */
  private static boolean removeRecordsOnDelete(String policy, Problems problems) {
    if (policy == null || policy.equals("Delete")) {
      return true;
    }
    if (!policy.equals("Retain")) {
      problems.add(
          "spec.deletionPolicy",
          "must be Delete or Retain, got '" + DnsNames.abbreviate(policy) + "'");
    }
    return false;
  }

  /** The manual rotation the resource asks for, as the key ring will see it. */
  private static RotationRequest rotationRequest(SenderDomain resource) {
    Map<String, String> annotations =
        resource.getMetadata() == null ? null : resource.getMetadata().getAnnotations();
    return RotationRequest.fromAnnotation(
        annotations == null ? null : annotations.get(RotationRequest.ANNOTATION));
  }
}
