package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.reconciler.KeyManager.KeyException;
import dev.senderdomain.operator.reconciler.KeyManager.KeyOutcome;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishOutcome;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import java.time.Instant;
import java.util.Set;

/**
 * A domain's first key becomes ACTIVE once its record is verified at the authoritative servers. The
 * publish of this very reconcile may just have verified it: then the key seam activates it now
 * instead of one reconcile later. The rules are the key seam's own (the rotation policy, the Secret
 * written first); this only hands it the selectors verified a moment ago. The benchmark measured
 * the later activation as about 1 extra reconcile (20+ DNS queries, a status write) per new domain
 * (docs/performance.md).
 */
final class FirstKeyActivation {
  private final KeyManager keys;

  FirstKeyActivation(KeyManager keys) {
    this.keys = keys;
  }

  /**
   * The key outcome after this publish: {@code before} itself unless no key was active and the
   * publish verified a key record that was not served before.
   */
  KeyOutcome afterPublish(
      SenderDomain sd,
      SenderDomainConfig config,
      KeyOutcome before,
      PublishOutcome outcome,
      ServedNames servedBefore,
      Instant now) {
    if (!outcome.verified() || before.hasActiveKey()) {
      return before;
    }
    Set<String> servedNow = outcome.served().dkimSelectors(config.domain());
    Set<String> servedEarlier = servedBefore.dkimSelectors(config.domain());
    boolean newlyVerified =
        before.records().stream()
            .anyMatch(
                r -> servedNow.contains(r.selector()) && !servedEarlier.contains(r.selector()));
    if (!newlyVerified) {
      return before;
    }
    try {
      return keys.reconcileAgain(sd, config, before, servedNow, now);
    } catch (KeyException e) {
      // The next reconcile activates it the usual way, and reports the problem if it stays.
      return before;
    }
  }
}
