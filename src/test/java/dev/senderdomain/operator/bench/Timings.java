package dev.senderdomain.operator.bench;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.reconciler.KeyManager;
import dev.senderdomain.operator.reconciler.KeyManager.KeyException;
import dev.senderdomain.operator.reconciler.KeyManager.KeyOutcome;
import dev.senderdomain.operator.reconciler.RecordPublisher;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the reconciler's two seams to count calls and add up the time reconcile threads spend in
 * each.
 */
final class Timings {
  final AtomicLong keyCalls = new AtomicLong();
  final AtomicLong keyNanos = new AtomicLong();
  final AtomicLong publishCalls = new AtomicLong();
  final AtomicLong publishNanos = new AtomicLong();

  /**
   * Owners (namespace/name) that had a reconcile with an active key and every record verified:
   * finished.
   */
  final Set<String> done = ConcurrentHashMap.newKeySet();

  // The key seam and the publish seam run on the same reconcile thread, one after the other.
  /**
   * When each owner's publish last started, and the gaps between two publishes of one owner
   * (diagnostics).
   */
  final java.util.Map<String, Long> lastPublish = new ConcurrentHashMap<>();

  final java.util.List<Long> gapsMillis =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private final ThreadLocal<Boolean> keyActive = ThreadLocal.withInitial(() -> false);
  private final ThreadLocal<String> verifiedOwner = new ThreadLocal<>();

  /** One call of the key seam. */
  private interface KeyStep {
    KeyOutcome run() throws KeyException;
  }

  /**
   * Runs a key step, counting its time; a domain whose key is active after the publish that
   * verified it (the first key is activated right after, on the same thread) is done.
   */
  private KeyOutcome timedKeyStep(SenderDomain sd, KeyStep step) throws KeyException {
    long start = System.nanoTime();
    try {
      KeyOutcome outcome = step.run();
      String owner = sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName();
      if (outcome.hasActiveKey() && owner.equals(verifiedOwner.get())) {
        done.add(owner);
      }
      return outcome;
    } finally {
      keyNanos.addAndGet(System.nanoTime() - start);
      keyCalls.incrementAndGet();
    }
  }

  KeyManager keys(KeyManager delegate) {
    return new KeyManager() {
      @Override
      public KeyOutcome reconcile(
          SenderDomain sd, SenderDomainConfig config, Set<String> served, Instant now)
          throws KeyException {
        KeyOutcome outcome = timedKeyStep(sd, () -> delegate.reconcile(sd, config, served, now));
        keyActive.set(outcome.hasActiveKey());
        return outcome;
      }

      @Override
      public KeyOutcome reconcileAgain(
          SenderDomain sd,
          SenderDomainConfig config,
          KeyOutcome before,
          Set<String> served,
          Instant now)
          throws KeyException {
        return timedKeyStep(sd, () -> delegate.reconcileAgain(sd, config, before, served, now));
      }

      @Override
      public void cleanup(SenderDomain sd, SenderDomainConfig config) {
        delegate.cleanup(sd, config);
      }
    };
  }

  RecordPublisher publisher(RecordPublisher delegate) {
    return new RecordPublisher() {
      @Override
      public PublishOutcome publish(PublishRequest request)
          throws dev.senderdomain.operator.dns.provider.DnsProviderException {
        long start = System.nanoTime();
        Long before = lastPublish.put(request.owner(), start);
        if (before != null) {
          gapsMillis.add((start - before) / 1_000_000);
        }
        try {
          PublishOutcome outcome = delegate.publish(request);
          if (keyActive.get() && outcome.verified()) {
            done.add(request.owner());
          }
          verifiedOwner.set(outcome.verified() ? request.owner() : null);
          return outcome;
        } finally {
          keyActive.set(false);
          publishNanos.addAndGet(System.nanoTime() - start);
          publishCalls.incrementAndGet();
        }
      }

      @Override
      public java.util.List<String> servedTxt(PublishRequest request, String name)
          throws dev.senderdomain.operator.dns.provider.DnsProviderException {
        return delegate.servedTxt(request, name);
      }
    };
  }

  double keySeconds() {
    return keyNanos.get() / 1e9;
  }

  double publishSeconds() {
    return publishNanos.get() / 1e9;
  }
}
