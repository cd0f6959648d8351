package dev.senderdomain.operator.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group-commit rules of {@link ChangeBatcher} against a provider of our own that can say no:
 * refuse a change (one domain's or the provider's whole failure), refuse to merge, or hold a
 * request until the queue behind it has formed. The real providers are in {@code
 * DnsProviderContract}.
 */
class ChangeBatcherTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Records every request; refuses those {@code refuse} picks; merges up to {@code maxSets}. */
  private static final class Provider implements DnsProviderAdapter {
    final List<ChangeSet> requests = new CopyOnWriteArrayList<>();
    final List<RecordKey> written = new CopyOnWriteArrayList<>();
    volatile Predicate<ChangeSet> refuse = c -> false;
    volatile DnsProviderException failure;
    volatile RuntimeException runtime;
    volatile int maxSets = Integer.MAX_VALUE;
    volatile CountDownLatch hold;
    final CountDownLatch holding = new CountDownLatch(1);

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public List<RecordSet> read(Collection<RecordKey> keys) {
      return List.of();
    }

    @Override
    public boolean appliesAtomically(ChangeSet changes) {
      return changes.creates().size() <= maxSets;
    }

    @Override
    public void apply(ChangeSet changes) throws DnsProviderException {
      requests.add(changes);
      CountDownLatch h = hold;
      if (h != null) {
        hold = null;
        holding.countDown();
        try {
          h.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (refuse.test(changes)) {
        if (runtime != null) {
          throw runtime;
        }
        throw failure;
      }
      changes.creates().forEach(c -> written.add(c.key()));
    }
  }

  private static ChangeSet domain(String name) {
    return new ChangeSet(
        List.of(new RecordSet(name, RecordType.TXT, 300, List.of("v=spf1 -all"))),
        List.of(),
        List.of());
  }

  private static boolean holds(ChangeSet c, String name) {
    return c.keys().contains(new RecordKey(name, RecordType.TXT));
  }

  /** Holds the first request until {@code queued} more change sets wait behind it. */
  private List<Object> queueBehindAHeldRequest(
      Provider provider, ChangeBatcher batcher, List<ChangeSet> changes) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    provider.hold = release;
    List<Future<Object>> results = new ArrayList<>();
    results.add(pool.submit(() -> outcome(batcher, changes.get(0))));
    assertThat(provider.holding.await(30, TimeUnit.SECONDS)).isTrue();
    for (ChangeSet c : changes.subList(1, changes.size())) {
      results.add(pool.submit(() -> outcome(batcher, c)));
    }
    while (batcher.waiting() < changes.size() - 1) {
      Thread.onSpinWait();
    }
    release.countDown();
    List<Object> out = new ArrayList<>();
    for (Future<Object> f : results) {
      out.add(f.get(30, TimeUnit.SECONDS));
    }
    return out;
  }

  private static Object outcome(ChangeBatcher batcher, ChangeSet changes) {
    try {
      batcher.apply(changes);
      return "applied";
    } catch (DnsProviderException | RuntimeException e) {
      return e;
    }
  }

  private static List<ChangeSet> domains(int n) {
    List<ChangeSet> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(domain("d" + i + ".example.com"));
    }
    return out;
  }

  @Test
  void anIdleProviderGetsEachChangeAtOnceInItsOwnRequest() throws Exception {
    Provider provider = new Provider();
    ChangeBatcher batcher = new ChangeBatcher(provider);
    batcher.apply(domain("a.example.com"));
    batcher.apply(domain("b.example.com"));
    batcher.apply(ChangeSet.empty());
    assertThat(provider.requests).hasSize(2);
    assertThat(batcher.requests()).isEqualTo(2);
    assertThat(batcher.changeSets()).isEqualTo(2);
  }

  @Test
  void changeSetsQueuedBehindARequestShareTheNext() throws Exception {
    Provider provider = new Provider();
    List<Integer> perRequest = new CopyOnWriteArrayList<>();
    ChangeBatcher batcher = new ChangeBatcher(provider, perRequest::add);
    List<Object> outcomes = queueBehindAHeldRequest(provider, batcher, domains(9));
    assertThat(outcomes).containsOnly("applied");
    assertThat(perRequest).containsExactly(1, 8);
    assertThat(provider.requests).hasSize(2);
    assertThat(provider.requests.get(1).creates()).hasSize(8);
    assertThat(provider.written).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void aRequestTakesNoMoreThanTheProviderAppliesAtomically() throws Exception {
    Provider provider = new Provider();
    provider.maxSets = 3;
    ChangeBatcher batcher = new ChangeBatcher(provider);
    List<Object> outcomes = queueBehindAHeldRequest(provider, batcher, domains(9));
    assertThat(outcomes).containsOnly("applied");
    // The held one, then 8 behind it three at a time.
    assertThat(provider.requests).extracting(c -> c.creates().size()).containsExactly(1, 3, 3, 2);
  }

  @Test
  void aProviderThatNeverAppliesAtomicallyGetsOneRequestPerChangeSet() throws Exception {
    Provider provider = new Provider();
    provider.maxSets = 0;
    ChangeBatcher batcher = new ChangeBatcher(provider);
    assertThat(queueBehindAHeldRequest(provider, batcher, domains(5))).containsOnly("applied");
    assertThat(provider.requests).hasSize(5);
  }

  @Test
  void changeSetsTouchingTheSameRrsetAreNeverMerged() throws Exception {
    Provider provider = new Provider();
    ChangeBatcher batcher = new ChangeBatcher(provider);
    List<ChangeSet> changes =
        List.of(
            domain("held.example.com"),
            domain("apex.example.com"),
            domain("apex.example.com"),
            domain("other.example.com"));
    assertThat(queueBehindAHeldRequest(provider, batcher, changes)).containsOnly("applied");
    assertThat(provider.requests).hasSize(3);
    assertThat(provider.requests.get(1).creates()).hasSize(2);
    assertThat(provider.requests.get(2).creates()).hasSize(1);
  }

  @Test
  void aRefusedMergedRequestIsSplitUntilOnlyTheRefusedDomainFails() throws Exception {
    Provider provider = new Provider();
    provider.failure =
        new DnsProviderException(ProviderFailure.ConcurrentEdit, "d5 changed behind us", false);
    provider.refuse = c -> holds(c, "d5.example.com");
    ChangeBatcher batcher = new ChangeBatcher(provider);
    List<Object> outcomes = queueBehindAHeldRequest(provider, batcher, domains(17));
    for (int i = 0; i < 17; i++) {
      if (i == 5) {
        assertThat(outcomes.get(i)).isSameAs(provider.failure);
      } else {
        assertThat(outcomes.get(i)).as("d%d", i).isEqualTo("applied");
      }
    }
    assertThat(provider.written).hasSize(16).doesNotHaveDuplicates();
    // 16 behind the held one: the merged request, then one refused half per level (16, 8, 4, 2)
    // and its sibling: far fewer than 16 resent alone.
    assertThat(provider.requests).hasSize(1 + 1 + 2 * 4);
    assertThat(batcher.resent()).isEqualTo(16 + 8 + 4 + 2);
  }

  @Test
  void aFailureOfTheProviderItselfIsEveryonesAndNothingIsResent() throws Exception {
    Provider provider = new Provider();
    provider.failure =
        new DnsProviderException(ProviderFailure.Unreachable, "connection refused", false);
    provider.refuse = c -> c.creates().size() > 1;
    ChangeBatcher batcher = new ChangeBatcher(provider);
    List<Object> outcomes = queueBehindAHeldRequest(provider, batcher, domains(6));
    assertThat(outcomes.get(0)).isEqualTo("applied");
    assertThat(outcomes.subList(1, 6)).allMatch(o -> o == provider.failure);
    assertThat(provider.requests).hasSize(2);
    assertThat(batcher.resent()).isZero();
  }

  @Test
  void anUnexpectedExceptionInAMergedRequestIsAlsoSplit() throws Exception {
    Provider provider = new Provider();
    provider.runtime = new IllegalArgumentException("a change to d2 does not fit in a message");
    provider.refuse = c -> holds(c, "d2.example.com");
    ChangeBatcher batcher = new ChangeBatcher(provider);
    List<Object> outcomes = queueBehindAHeldRequest(provider, batcher, domains(5));
    assertThat(outcomes.get(2)).isSameAs(provider.runtime);
    assertThat(outcomes).filteredOn("applied"::equals).hasSize(4);
  }

  @Test
  void aCallerInterruptedWhileQueuedStillGetsItsOwnOutcome() throws Exception {
    Provider provider = new Provider();
    ChangeBatcher batcher = new ChangeBatcher(provider);
    CountDownLatch release = new CountDownLatch(1);
    provider.hold = release;
    Future<Object> first = pool.submit(() -> outcome(batcher, domain("first.example.com")));
    assertThat(provider.holding.await(30, TimeUnit.SECONDS)).isTrue();
    Thread[] queuedThread = new Thread[1];
    Future<Object> queued =
        pool.submit(
            () -> {
              queuedThread[0] = Thread.currentThread();
              Object o = outcome(batcher, domain("queued.example.com"));
              return List.of(o, Thread.currentThread().isInterrupted());
            });
    while (batcher.waiting() < 1) {
      Thread.onSpinWait();
    }
    queuedThread[0].interrupt();
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("applied");
    assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo(List.of("applied", true));
    assertThat(provider.written).hasSize(2);
  }
}
