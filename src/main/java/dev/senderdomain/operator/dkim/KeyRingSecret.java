package dev.senderdomain.operator.dkim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One lifecycle step of a key Secret, shared by the operator and {@code push} so both read and
 * write the same Secret under the same name and follow the same policy: read the ring from the key
 * Secret (or adopt a user's key, or start empty), let {@link RotationPolicy} decide, apply the plan
 * (the only place keys are generated), and encode the Secret content to store before anything is
 * published.
 */
public final class KeyRingSecret {
  private KeyRingSecret() {}

  /** A Secret as read: its decoded data and its annotations. */
  public record Stored(Map<String, String> data, Map<String, String> annotations) {
    public Stored {
      data = data == null ? Map.of() : data;
      annotations = annotations == null ? Map.of() : annotations;
    }
  }

  /** Reads a Secret of the SenderDomain's namespace by name (the API, or {@code -f} files). */
  @FunctionalInterface
  public interface Secrets {
    Optional<Stored> read(String name);
  }

  /**
   * What one step produced.
   *
   * @param generatedSelectors keys made in this step (the Secret must be stored before publishing)
   * @param nextCheckAt when to plan again, once this step is stored and published
   */
  public record Step(
      KeyRing ring,
      RotationPlan plan,
      DkimSecretContent content,
      List<String> generatedSelectors,
      Instant nextCheckAt) {
    public List<DkimDnsEntry> dnsEntries() {
      return ring.dnsEntries();
    }

    public boolean generated() {
      return !generatedSelectors.isEmpty();
    }
  }

  /**
   * The ring a SenderDomain's keys are in now: the key Secret's, else (while the key Secret holds
   * no ring) the keys of {@link KeySecretSettings#adoptFrom()}, else none yet.
   *
   * @throws DkimKeyException when the ring or the adopted keys cannot be read, or the Secret to
   *     adopt from does not exist
   */
  public static KeyRing current(Secrets secrets, KeySecretSettings where, Instant now) {
    Optional<Stored> keySecret = secrets.read(where.name());
    if (keySecret.isPresent() && DkimSecretCodec.hasKeyRing(keySecret.get().annotations())) {
      return DkimSecretCodec.decode(keySecret.get().data(), keySecret.get().annotations());
    }
    if (where.adoptFrom().isPresent()) {
      String byok = where.adoptFrom().get();
      Stored adopt =
          secrets
              .read(byok)
              .orElseThrow(
                  () ->
                      new DkimKeyException(
                          "spec.dkim.existingSecretName: Secret " + byok + " not found"));
      return DkimSecretCodec.adopt(adopt.data(), now);
    }
    return KeyRing.empty();
  }

  /**
   * @param served selectors whose records the authoritative servers serve
   */
  public static Step step(
      Secrets secrets,
      KeySecretSettings where,
      KeyPolicy policy,
      String domain,
      RotationRequest request,
      Set<String> served,
      DkimKeyGenerator generator,
      Instant now) {
    return step(
        current(secrets, where, now), where, policy, domain, request, served, generator, now);
  }

  /**
   * As {@link #step(Secrets, KeySecretSettings, KeyPolicy, String, RotationRequest, Set,
   * DkimKeyGenerator, Instant)}, from a ring already in hand: the one a step of this reconcile
   * stored (what reading its Secret back would decode).
   */
  public static Step step(
      KeyRing ring,
      KeySecretSettings where,
      KeyPolicy policy,
      String domain,
      RotationRequest request,
      Set<String> served,
      DkimKeyGenerator generator,
      Instant now) {
    RotationPlan plan = RotationPolicy.plan(ring, policy, request, served, now);
    KeyRing next = ring.apply(plan, generator, now);
    DkimSecretContent content =
        DkimSecretCodec.encode(
            next, domain, where.template(), DkimSecretCodec.DEFAULT_KEY_DIRECTORY);
    List<String> generated =
        next.keys().stream()
            .map(DkimKey::selector)
            .filter(selector -> ring.find(selector).isEmpty())
            .toList();
    return new Step(
        next,
        plan,
        content,
        generated,
        nextCheckAt(ring, next, plan, policy, request, served, now));
  }

  /**
   * When to plan again. The plan says "now" whenever it acted, so that a chain of actions goes on
   * at once; planning the stored result here tells the chain from a single step (a first key made
   * ACTIVE), which would otherwise cost a whole reconcile that finds nothing to do.
   */
  private static Instant nextCheckAt(
      KeyRing ring,
      KeyRing next,
      RotationPlan plan,
      KeyPolicy policy,
      RotationRequest request,
      Set<String> served,
      Instant now) {
    if (plan.isEmpty()) {
      return plan.nextCheckAt();
    }
    if (!next.dnsEntries().equals(ring.dnsEntries())) {
      // New records to publish (a generated key, a revoked one): the next step waits for them to be
      // verified, which only a reconcile after this publish can see.
      return now;
    }
    RotationPlan after = RotationPolicy.plan(next, policy, request, served, now);
    return after.isEmpty() ? after.nextCheckAt() : now;
  }
}
