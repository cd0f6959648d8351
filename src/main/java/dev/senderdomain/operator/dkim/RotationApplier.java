package dev.senderdomain.operator.dkim;

import dev.senderdomain.operator.dkim.KeyAction.AcknowledgeRequest;
import dev.senderdomain.operator.dkim.KeyAction.Generate;
import dev.senderdomain.operator.dkim.KeyAction.Remove;
import dev.senderdomain.operator.dkim.KeyAction.Transition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Executes a {@link RotationPlan}: the one place keys are generated. The result is not stored; the
 * caller writes it to the Secret before publishing any of its records (see {@link KeyRing}). A plan
 * made from a different ring is refused (each transition names the state it expects), so a stale
 * plan cannot skip or repeat a step.
 */
final class RotationApplier {
  private RotationApplier() {}

  static KeyRing apply(KeyRing ring, RotationPlan plan, DkimKeyGenerator generator, Instant now) {
    Map<String, DkimKey> keys = new LinkedHashMap<>();
    ring.keys().forEach(k -> keys.put(k.selector(), k));
    int index = ring.nextSelectorIndex();
    Set<String> removed = new TreeSet<>(ring.removedSelectors());
    String token = ring.rotationToken().orElse(null);
    for (KeyAction action : plan.actions()) {
      if (action instanceof Generate g) {
        if (keys.containsKey(g.selector()) || removed.contains(g.selector())) {
          throw new IllegalStateException(
              "stale plan: selector " + g.selector() + " is already used");
        }
        keys.put(g.selector(), generator.generate(g.selector(), g.algorithm(), now));
        index = Math.max(index, g.selectorIndex() + 1);
      } else if (action instanceof Transition t) {
        DkimKey k = keys.get(t.selector());
        if (k == null || k.state() != t.from()) {
          throw new IllegalStateException("stale plan: " + t.selector() + " is not " + t.from());
        }
        keys.put(t.selector(), k.withState(t.to(), now));
      } else if (action instanceof Remove r) {
        DkimKey k = keys.get(r.selector());
        if (k == null || k.state() != DkimKeyState.REVOKED) {
          throw new IllegalStateException("stale plan: " + r.selector() + " is not REVOKED");
        }
        keys.remove(r.selector());
        removed.add(r.selector());
      } else if (action instanceof AcknowledgeRequest a) {
        token = a.token();
      }
    }
    return new KeyRing(keys.values().stream().toList(), index, removed, token);
  }
}
