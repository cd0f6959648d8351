package dev.senderdomain.operator.report.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * PTR names for the sources a view shows, looked up in parallel with one overall deadline; names
 * not back by then are left out (and come from the lookup's cache on the next view). One lookup per
 * IP at a time: a page reloaded while the resolver hangs joins the lookups already running instead
 * of queueing more.
 */
final class ReverseNames {
  static final Duration DEADLINE = Duration.ofSeconds(2);

  /** Sources looked up per view: the ones a page shows first. */
  static final int MAX_LOOKUPS = 50;

  private final Function<String, Optional<String>> rdns;
  private final Map<String, CompletableFuture<Optional<String>>> inflight =
      new ConcurrentHashMap<>();
  private final ExecutorService lookups =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "dashboard-rdns");
            t.setDaemon(true);
            return t;
          });

  ReverseNames(Function<String, Optional<String>> rdns) {
    this.rdns = rdns;
  }

  /** Names for the first {@link #MAX_LOOKUPS} of {@code ips} that answer within the deadline. */
  Map<String, String> of(List<String> ips) {
    Map<String, CompletableFuture<Optional<String>>> pending = new LinkedHashMap<>();
    for (String ip : ips) {
      if (pending.size() >= MAX_LOOKUPS) {
        break;
      }
      if (ip != null && !ip.isEmpty()) {
        pending.computeIfAbsent(ip, this::lookup);
      }
    }
    Map<String, String> names = new HashMap<>();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    for (Map.Entry<String, CompletableFuture<Optional<String>>> e : pending.entrySet()) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        e.getValue().get(left, TimeUnit.NANOSECONDS).ifPresent(n -> names.put(e.getKey(), n));
      } catch (Exception timeoutOrFailure) {
        // shown without a name
      }
    }
    return names;
  }

  private CompletableFuture<Optional<String>> lookup(String ip) {
    List<CompletableFuture<Optional<String>>> created = new ArrayList<>(1);
    CompletableFuture<Optional<String>> f =
        inflight.computeIfAbsent(
            ip,
            k -> {
              CompletableFuture<Optional<String>> started =
                  CompletableFuture.supplyAsync(() -> rdns.apply(k), lookups);
              created.add(started);
              return started;
            });
    // registered outside computeIfAbsent: a lookup that already finished would otherwise remove
    // inside it
    for (CompletableFuture<Optional<String>> started : created) {
      started.whenComplete((name, error) -> inflight.remove(ip, started));
    }
    return f;
  }
}
