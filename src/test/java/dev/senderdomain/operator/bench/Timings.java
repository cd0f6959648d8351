package dev.senderdomain.operator.bench;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.records.SenderDomainConfig;
import dev.senderdomain.operator.reconciler.KeyManager;
import dev.senderdomain.operator.reconciler.RecordPublisher;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Wraps the reconciler's two seams to count calls and add up the time reconcile threads spend in each. */
final class Timings {
  final AtomicLong keyCalls = new AtomicLong();
  final AtomicLong keyNanos = new AtomicLong();
  final AtomicLong publishCalls = new AtomicLong();
  final AtomicLong publishNanos = new AtomicLong();

  KeyManager keys(KeyManager delegate) {
    return new KeyManager() {
      @Override
      public KeyOutcome reconcile(SenderDomain sd, SenderDomainConfig config, Set<String> served, Instant now)
          throws KeyException {
        long start = System.nanoTime();
        try {
          return delegate.reconcile(sd, config, served, now);
        } finally {
          keyNanos.addAndGet(System.nanoTime() - start);
          keyCalls.incrementAndGet();
        }
      }

      @Override
      public void cleanup(SenderDomain sd) {
        delegate.cleanup(sd);
      }
    };
  }

  RecordPublisher publisher(RecordPublisher delegate) {
    return request -> {
      long start = System.nanoTime();
      try {
        return delegate.publish(request);
      } finally {
        publishNanos.addAndGet(System.nanoTime() - start);
        publishCalls.incrementAndGet();
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
