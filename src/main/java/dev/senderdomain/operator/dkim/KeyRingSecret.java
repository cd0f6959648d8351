package dev.senderdomain.operator.dkim;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One lifecycle step of a key Secret, shared by the operator and {@code push} so both read and
 * write the same layout and follow the same policy: decode the ring (or adopt a user's key, or
 * start empty), let {@link RotationPolicy} decide, apply the plan (the only place keys are
 * generated), and encode the Secret content to store before anything is published.
 */
public final class KeyRingSecret {
  private KeyRingSecret() {}

  /**
   * What one step produced.
   *
   * @param generatedSelectors keys made in this step (the Secret must be stored before publishing)
   */
  public record Step(
      KeyRing ring, RotationPlan plan, DkimSecretContent content, List<String> generatedSelectors) {
    public List<DkimDnsEntry> dnsEntries() {
      return ring.dnsEntries();
    }

    public boolean generated() {
      return !generatedSelectors.isEmpty();
    }
  }

  /**
   * @param data the key Secret's decoded data, or null when it does not exist yet
   * @param annotations the key Secret's annotations, or null
   * @param adoptData the decoded data of a bring-your-own-key Secret
   *     (spec.dkim.existingSecretName), or null
   * @param served selectors whose records the authoritative servers serve
   */
  public static Step step(
      Map<String, String> data,
      Map<String, String> annotations,
      Map<String, String> adoptData,
      DkimSpec spec,
      String domain,
      Duration recordTtl,
      String rotationAnnotation,
      Set<String> served,
      DkimKeyGenerator generator,
      Instant now) {
    KeyRing ring;
    if (data != null && DkimSecretCodec.hasKeyRing(annotations)) {
      ring = DkimSecretCodec.decode(data, annotations);
    } else if (adoptData != null) {
      ring = DkimSecretCodec.adopt(adoptData, now);
    } else {
      ring = KeyRing.empty();
    }
    KeyPolicy policy = KeyPolicy.fromSpec(spec, recordTtl);
    RotationPlan plan =
        RotationPolicy.plan(
            ring, policy, RotationRequest.fromAnnotation(rotationAnnotation), served, now);
    KeyRing next = ring.apply(plan, generator, now);
    DkimSecretContent content =
        DkimSecretCodec.encode(
            next,
            domain,
            spec == null ? null : spec.secretTemplate,
            DkimSecretCodec.DEFAULT_KEY_DIRECTORY);
    List<String> generated =
        next.keys().stream()
            .map(DkimKey::selector)
            .filter(selector -> ring.find(selector).isEmpty())
            .toList();
    return new Step(next, plan, content, generated);
  }
}
