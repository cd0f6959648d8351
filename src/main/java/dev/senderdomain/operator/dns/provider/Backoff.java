package dev.senderdomain.operator.dns.provider;

import java.time.Duration;

/**
 * Bounded exponential backoff for provider rate limits: a call that fails with {@link
 * RateLimitedException} is retried after {@code initial}, 2x, 4x, ... capped at {@code max} (or
 * after the provider's Retry-After, also capped), at most {@code maxAttempts} times in all; then
 * the last RateLimited error is thrown so the reconciler retries later. No jitter: one operator
 * instance makes few calls, and deterministic delays are testable. Other errors are never retried
 * here; transient ones are retried by the reconcile loop.
 */
public record Backoff(
    int maxAttempts, Duration initial, Duration max, Sleeper sleeper, RequestBudget budget) {
  public Backoff(int maxAttempts, Duration initial, Duration max, Sleeper sleeper) {
    this(maxAttempts, initial, max, sleeper, RequestBudget.UNLIMITED);
  }

  /** The same backoff drawing every attempt from {@code newBudget}. */
  public Backoff withBudget(RequestBudget newBudget) {
    return new Backoff(maxAttempts, initial, max, sleeper, newBudget);
  }

  /** Sleeps; tests inject one that records the delays instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** One provider call. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws DnsProviderException;
  }

  public Backoff {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /**
   * 5 attempts, waiting 1, 2, 4, 8 s (a provider's Retry-After is honoured up to 10 s): at most 40
   * s per API call; longer limits are left to the reconcile loop's own backoff, so a reconciler
   * thread is never parked for minutes.
   */
  public static Backoff standard() {
    return new Backoff(
        5, Duration.ofSeconds(1), Duration.ofSeconds(10), d -> Thread.sleep(d.toMillis()));
  }

  /**
   * The delay before retry number {@code retry} (1-based), honouring a provider hint but never
   * above max.
   */
  public Duration delay(int retry, Duration hint) {
    Duration exp = initial.multipliedBy(1L << Math.min(retry - 1, 20));
    Duration d = hint != null && !hint.isNegative() ? hint : exp;
    return d.compareTo(max) > 0 ? max : d;
  }

  public <T> T run(Call<T> call) throws DnsProviderException {
    for (int attempt = 1; ; attempt++) {
      budget.take();
      try {
        return call.call();
      } catch (RateLimitedException e) {
        // Every caller of this account waits, not only this one: the provider counts them all.
        budget.throttled(delay(attempt, e.retryAfter().orElse(null)));
        if (attempt >= maxAttempts) {
          throw new RateLimitedException(
              e.getMessage() + " (gave up after " + attempt + " attempts)",
              e.retryAfter().orElse(null));
        }
        try {
          sleeper.sleep(delay(attempt, e.retryAfter().orElse(null)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new DnsProviderException(
              ProviderFailure.Unreachable, "interrupted while waiting out a rate limit", false, ie);
        }
      }
    }
  }
}
