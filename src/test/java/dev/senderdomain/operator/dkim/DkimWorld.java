package dev.senderdomain.operator.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outside world of the key lifecycle for tests: the key Secret (plain maps, as the codec writes
 * them) and an authoritative DNS zone (selector -> TXT value). A step is what the reconciler does:
 * decode the Secret, plan with the selectors whose expected record is in DNS, apply, store,
 * publish. Crash points drop the rest of a step.
 */
final class DkimWorld {
  enum Crash {
    NONE,
    BEFORE_STORE,
    BEFORE_PUBLISH
  }

  final KeyPolicy policy;
  final DkimKeyGenerator generator = DkimKeyGenerator.production();
  Map<String, String> secretData = new HashMap<>();
  Map<String, String> secretAnnotations = new HashMap<>();
  final Map<String, String> dns = new TreeMap<>();
  RotationRequest request = RotationRequest.NONE;

  /** The step number (counted from 0) that crashes, and how; -1 for none. */
  int crashAtStep = -1;

  Crash crashKind = Crash.NONE;
  int steps;
  final java.util.List<Integer> actionSteps = new java.util.ArrayList<>();
  private boolean lastPublishChangedDns;

  /** Every selector a stored ring ever held, in order of first appearance. */
  final Set<String> selectorsEverStored = new LinkedHashSet<>();

  DkimWorld(KeyPolicy policy) {
    this.policy = policy;
  }

  KeyRing stored() {
    return DkimSecretCodec.hasKeyRing(secretAnnotations)
        ? DkimSecretCodec.decode(secretData, secretAnnotations)
        : KeyRing.empty();
  }

  /** Selectors whose expected record is at the authoritative servers. */
  Set<String> verified(KeyRing ring) {
    Set<String> out = new LinkedHashSet<>();
    for (DkimDnsEntry e : ring.dnsEntries()) {
      if (e.txtValue().equals(dns.get(e.selector()))) {
        out.add(e.selector());
      }
    }
    return out;
  }

  RotationPlan step(Instant now, Crash requested) {
    int step = steps++;
    Crash crash = step == crashAtStep ? crashKind : requested;
    lastPublishChangedDns = false;
    KeyRing ring = stored();
    RotationPlan plan = RotationPolicy.plan(ring, policy, request, verified(ring), now);
    if (!plan.isEmpty()) {
      actionSteps.add(step);
    }
    if (plan.isEmpty()) {
      publish(ring);
      return plan;
    }
    KeyRing next = ring.apply(plan, generator, now);
    if (crash == Crash.BEFORE_STORE) {
      return plan;
    }
    DkimSecretContent content = DkimSecretCodec.encode(next, "shop.example.com");
    secretData = new HashMap<>(content.data());
    secretAnnotations = new HashMap<>(content.annotations());
    next.keys().forEach(k -> selectorsEverStored.add(k.selector()));
    if (crash == Crash.BEFORE_PUBLISH) {
      return plan;
    }
    publish(stored());
    return plan;
  }

  /**
   * Reconciles until nothing is due at {@code now} and DNS is in step with the Secret (as the
   * reconciler requeues after publishing); returns the last (empty) plan.
   */
  RotationPlan converge(Instant now) {
    for (int i = 0; i < 30; i++) {
      RotationPlan plan = step(now, Crash.NONE);
      if (plan.isEmpty() && !lastPublishChangedDns) {
        return plan;
      }
    }
    throw new AssertionError("the plan did not settle at " + now);
  }

  /**
   * Publishes a stored ring's records, checking the safety rule: no public key in DNS without its
   * private key.
   */
  private void publish(KeyRing storedRing) {
    Map<String, String> before = new TreeMap<>(dns);
    dns.clear();
    for (DkimDnsEntry e : storedRing.dnsEntries()) {
      if (!e.txtValue().endsWith("p=")) {
        assertThat(secretData)
            .as("private key of published selector %s", e.selector())
            .containsKey(e.selector() + ".key");
      }
      dns.put(e.selector(), e.txtValue());
    }
    lastPublishChangedDns = !before.equals(dns);
  }
}
