package dev.senderdomain.operator.dkim;

import dev.senderdomain.operator.dkim.KeyAction.AcknowledgeRequest;
import dev.senderdomain.operator.dkim.KeyAction.Generate;
import dev.senderdomain.operator.dkim.KeyAction.Remove;
import dev.senderdomain.operator.dkim.KeyAction.Transition;
import dev.senderdomain.operator.dkim.RotationPlan.UpcomingTransition;
import dev.senderdomain.operator.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The DKIM key lifecycle as a pure function of (key ring, policy, manual request, verified
 * selectors, clock).
 *
 * <p>Per key type ({@code rsa}, {@code ed25519}) a key moves PENDING -> PUBLISHED -> ACTIVE ->
 * RETIRING -> REVOKED -> removed:
 *
 * <ul>
 *   <li>PENDING -> PUBLISHED when its record is verified at the authoritative servers;
 *   <li>PUBLISHED -> ACTIVE after {@code propagationDelay}; the ACTIVE key it replaces becomes
 *       RETIRING in the same step, so there is never more than one active key per type;
 *   <li>RETIRING -> REVOKED ({@code p=}) after {@code retireAfter}; REVOKED -> removed after {@code
 *       retireAfter}.
 * </ul>
 *
 * <p><b>The first key of a type becomes ACTIVE as soon as its record is verified</b>, skipping
 * PUBLISHED and the propagation delay. Activating it once stored would have MTAs sign before any
 * authoritative server answers for the selector: receivers then get NXDOMAIN, a DKIM permerror (RFC
 * 6376 section 6.1.2) that some filters score worse than no signature. Waiting for verification
 * costs minutes. Waiting longer buys nothing: the delay protects against resolvers caching an older
 * answer for a selector, and a brand-new selector was never queried (no message named it), so there
 * is no answer, negative or positive, to have cached. The same holds after an emergency revocation.
 *
 * <p>A new key is generated when a type has no key in flight (PENDING/PUBLISHED) and: it has no
 * active key, the active key's algorithm differs from the spec (e.g. rsa-1024 -> rsa-2048), {@code
 * every} has passed since it became active, or a new manual token was set. A manual token is acted
 * on once.
 *
 * <p><b>Emergency rotation</b> ({@code emergency:} token) revokes every key that still publishes a
 * public key, not only the active one: the usual way a DKIM key is compromised is a leaked Secret,
 * which holds all of them. New keys are generated in the same plan and become active once verified.
 */
public final class RotationPolicy {
  /** How soon to look again while a PENDING key's record is not yet verified. */
  public static final Duration VERIFY_POLL = Duration.ofMinutes(1);

  /**
   * How soon to look again when nothing is scheduled (drift checks are the reconciler's business).
   */
  public static final Duration IDLE_RECHECK = Duration.ofDays(1);

  static final List<String> KEY_TYPES = List.of("rsa", "ed25519");

  private RotationPolicy() {}

  public static RotationPlan plan(
      KeyRing ring,
      KeyPolicy policy,
      RotationRequest request,
      Set<String> verifiedSelectors,
      Instant now) {
    Planner p = new Planner(ring, policy, verifiedSelectors, now);
    boolean newRequest = request.isNewFor(ring);
    boolean emergency = newRequest && request.emergency();
    for (String type : KEY_TYPES) {
      p.planType(type, newRequest, emergency);
    }
    if (newRequest) {
      p.actions.add(
          new AcknowledgeRequest(
              request.token(),
              (emergency ? "emergency rotation" : "rotation")
                  + " requested by "
                  + RotationRequest.ANNOTATION));
    }
    p.warnings.addAll(policy.advice());
    Instant next = p.actions.isEmpty() ? p.earliest.orElse(now.plus(IDLE_RECHECK)) : now;
    return new RotationPlan(p.actions, next, p.warnings, p.upcoming);
  }

  /** Mutable working state of one planning run. */
  private static final class Planner {
    final KeyRing ring;
    final KeyPolicy policy;
    final Set<String> verified;
    final Instant now;
    final List<KeyAction> actions = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<UpcomingTransition> upcoming = new ArrayList<>();
    Optional<Instant> earliest = Optional.empty();
    int nextIndex;

    Planner(KeyRing ring, KeyPolicy policy, Set<String> verified, Instant now) {
      this.ring = ring;
      this.policy = policy;
      this.verified = verified;
      this.now = now;
      this.nextIndex = ring.nextSelectorIndex();
    }

    void planType(String type, boolean newRequest, boolean emergency) {
      Optional<DkimAlgorithm> wanted = policy.algorithmFor(type);
      List<DkimKey> keys = ring.keysOfType(type);
      Optional<DkimKey> active =
          keys.stream().filter(k -> k.state() == DkimKeyState.ACTIVE).findFirst();
      for (DkimKey k : keys) {
        if (k.state() == DkimKeyState.RETIRING && !emergency) {
          due(
              k,
              DkimKeyState.REVOKED,
              k.since().plus(policy.retireAfter()),
              "retired "
                  + Durations.format(policy.retireAfter())
                  + " ago; publishing an empty p= (RFC 6376 section 3.6.1)");
        } else if (k.state() == DkimKeyState.REVOKED) {
          Instant at = k.since().plus(policy.retireAfter());
          if (!now.isBefore(at)) {
            actions.add(
                new Remove(
                    k.selector(),
                    "revoked "
                        + Durations.format(policy.retireAfter())
                        + " ago; removing its record"
                        + " and private key"));
          } else {
            schedule(k.selector(), "removed", at);
          }
        } else if (emergency && k.state() != DkimKeyState.ACTIVE) {
          actions.add(
              new Transition(
                  k.selector(),
                  k.state(),
                  DkimKeyState.REVOKED,
                  "emergency rotation: every key in the Secret is treated as compromised"));
        }
      }
      boolean activeLeaves = false;
      if (active.isPresent() && (wanted.isEmpty() || emergency)) {
        DkimKey a = active.get();
        actions.add(
            emergency
                ? new Transition(
                    a.selector(),
                    DkimKeyState.ACTIVE,
                    DkimKeyState.REVOKED,
                    "emergency rotation: revoking the active key at once")
                : new Transition(
                    a.selector(),
                    DkimKeyState.ACTIVE,
                    DkimKeyState.RETIRING,
                    type + " is no longer in spec.dkim.algorithms"));
        activeLeaves = true;
      }
      boolean noActiveAfter = active.isEmpty() || activeLeaves;
      DkimKey inFlight = emergency ? null : survivingInFlight(keys, wanted);
      boolean activatedNow =
          inFlight != null && planInFlight(inFlight, active.filter(a -> !noActiveAfter), type);
      if (wanted.isEmpty()) {
        return;
      }
      String reason = null;
      if (inFlight == null) {
        if (noActiveAfter) {
          reason = active.isEmpty() ? "no " + type + " key yet" : "replacing the revoked key";
        } else if (active.get().algorithm() != wanted.get()) {
          reason =
              "spec.dkim.algorithms changed " + active.get().algorithm() + " to " + wanted.get();
        } else if (newRequest) {
          reason = "rotation requested by " + RotationRequest.ANNOTATION;
        } else if (policy.every().isPresent()) {
          Instant at = active.get().since().plus(policy.every().get());
          if (!now.isBefore(at)) {
            reason =
                "active since "
                    + active.get().since()
                    + ", rotating every "
                    + Durations.format(policy.every().get());
          } else {
            schedule(active.get().selector(), "rotation starts", at);
          }
        }
      }
      if (reason != null) {
        int index = Selectors.nextFree(ring, nextIndex, now);
        actions.add(new Generate(Selectors.forIndex(index, now), index, wanted.get(), reason));
        nextIndex = index + 1;
      }
      // After this plan, not before it: a key activated by this very plan must not be reported as
      // missing (the
      // stale warning cost every new domain an extra status write).
      if (noActiveAfter && !activatedNow && wanted.isPresent()) {
        warnings.add(
            "no active "
                + type
                + " key yet: MTAs cannot sign with "
                + type
                + " until a new key's record is verified at the authoritative servers");
      }
    }

    /**
     * The one in-flight key that carries on; others (wrong algorithm, type dropped) are revoked:
     * they never signed.
     */
    private DkimKey survivingInFlight(List<DkimKey> keys, Optional<DkimAlgorithm> wanted) {
      DkimKey survivor = null;
      for (DkimKey k : keys) {
        if (k.state() != DkimKeyState.PENDING && k.state() != DkimKeyState.PUBLISHED) {
          continue;
        }
        if (survivor == null && wanted.isPresent() && k.algorithm() == wanted.get()) {
          survivor = k;
        } else {
          actions.add(
              new Transition(
                  k.selector(),
                  k.state(),
                  DkimKeyState.REVOKED,
                  "no longer wanted (spec.dkim.algorithms); it never signed"));
        }
      }
      return survivor;
    }

    /** Plans the in-flight key {@code k}; true when the plan makes it ACTIVE now. */
    private boolean planInFlight(DkimKey k, Optional<DkimKey> activeStaying, String type) {
      if (k.state() == DkimKeyState.PENDING) {
        if (!verified.contains(k.selector())) {
          schedule(
              k.selector(),
              "PUBLISHED once its record is verified at the authoritative servers",
              null);
          earliest(now.plus(VERIFY_POLL));
        } else if (activeStaying.isEmpty()) {
          actions.add(
              new Transition(
                  k.selector(),
                  DkimKeyState.PENDING,
                  DkimKeyState.ACTIVE,
                  "record verified and no "
                      + type
                      + " key is active: a new selector has nothing cached, sign now"));
          return true;
        } else {
          actions.add(
              new Transition(
                  k.selector(),
                  DkimKeyState.PENDING,
                  DkimKeyState.PUBLISHED,
                  "record verified at the authoritative servers"));
          schedule(k.selector(), "ACTIVE", now.plus(policy.propagationDelay()));
        }
        return false;
      }
      if (activeStaying.isEmpty()) {
        actions.add(
            new Transition(
                k.selector(),
                DkimKeyState.PUBLISHED,
                DkimKeyState.ACTIVE,
                "no " + type + " key is active"));
        return true;
      }
      Instant at = k.since().plus(policy.propagationDelay());
      if (now.isBefore(at)) {
        schedule(k.selector(), "ACTIVE", at);
        schedule(activeStaying.get().selector(), "RETIRING", at);
        return false;
      }
      actions.add(
          new Transition(
              k.selector(),
              DkimKeyState.PUBLISHED,
              DkimKeyState.ACTIVE,
              "published for "
                  + Durations.format(policy.propagationDelay())
                  + " (propagationDelay)"));
      actions.add(
          new Transition(
              activeStaying.get().selector(),
              DkimKeyState.ACTIVE,
              DkimKeyState.RETIRING,
              "replaced by " + k.selector()));
      return false; // an active key stays until this one takes over: there was one all along
    }

    private void due(DkimKey k, DkimKeyState to, Instant at, String reason) {
      if (now.isBefore(at)) {
        schedule(k.selector(), to.name(), at);
      } else {
        actions.add(new Transition(k.selector(), k.state(), to, reason));
      }
    }

    private void schedule(String selector, String description, Instant at) {
      upcoming.add(new UpcomingTransition(selector, description, at));
      if (at != null) {
        earliest(at);
      }
    }

    private void earliest(Instant at) {
      if (earliest.isEmpty() || at.isBefore(earliest.get())) {
        earliest = Optional.of(at);
      }
    }
  }
}
