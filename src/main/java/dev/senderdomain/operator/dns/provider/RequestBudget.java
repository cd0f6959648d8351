package dev.senderdomain.operator.dns.provider;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.time.Durations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many requests one provider account may receive: at most {@code requests} in any interval of
 * {@code per} (a sliding window over the send times of the last {@code requests} requests), shared
 * by every domain and every reconcile thread that talks to the account. A request waits for its
 * turn instead of being sent into a rate limit. A sliding window keeps the count under the
 * provider's limit however the provider cuts its own windows; a token bucket of the same rate would
 * let twice the limit through across a window boundary. A throttled answer (HTTP 429, Route 53
 * {@code Throttling}) pauses every caller for the provider's hint, so the retry is not throttled
 * again.
 *
 * <p>Documented defaults: Route 53 allows 5 requests per second per account, Cloudflare 1,200
 * requests per 5 minutes per user; PowerDNS and RFC 2136 servers have no limit of their own. A
 * DnsProvider's {@code spec.requestBudget} replaces the default ({@link #configured}).
 */
public final class RequestBudget {
  /** No limit: every request is sent at once. */
  public static final RequestBudget UNLIMITED = new RequestBudget(0, Duration.ZERO);

  /** Route 53's documented limit: 5 requests per second per AWS account. */
  public static final Rate ROUTE53 = new Rate(5, Duration.ofSeconds(1));

  /** Cloudflare's documented global limit: 1,200 requests per 5 minutes per user (token). */
  public static final Rate CLOUDFLARE = new Rate(1200, Duration.ofMinutes(5));

  /** Largest {@code spec.requestBudget.requests} (the CRD's bound too). */
  public static final int MAX_REQUESTS = 100_000;

  /** {@code requests} in any interval of {@code per}. */
  public record Rate(int requests, Duration per) {
    public Rate {
      if (requests < 1 || per.isNegative() || per.isZero()) {
        throw new IllegalArgumentException("a rate needs requests >= 1 and per > 0");
      }
    }

    @Override
    public String toString() {
      return requests + " per " + Durations.format(per);
    }
  }

  private static final Map<String, RequestBudget> SHARED = new ConcurrentHashMap<>();

  private final int requests;
  private final long perNanos;
  private final LongSupplier nanoTime;
  private final Backoff.Sleeper sleeper;

  /** Send times of the last {@code requests} requests, oldest at {@code next}. */
  private final long[] sent;

  private int next;
  private long pausedUntil;

  public RequestBudget(int requests, Duration per) {
    this(
        requests,
        per,
        System::nanoTime,
        d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
  }

  /** With the time source and sleeper tests drive. */
  public RequestBudget(int requests, Duration per, LongSupplier nanoTime, Backoff.Sleeper sleeper) {
    this.requests = requests;
    this.perNanos = per.toNanos();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.sent = new long[Math.max(requests, 0)];
    long longAgo = nanoTime.getAsLong() - perNanos;
    java.util.Arrays.fill(sent, longAgo);
    this.pausedUntil = longAgo;
  }

  /**
   * The budget of one account, shared by every adapter built for it. {@code account} identifies the
   * credential or the server (it is hashed here, never kept or shown). Adapters share a budget when
   * they have the same account and the same rate: two DnsProviders of one account that set
   * different budgets each get their own (the provider's own limit still counts both).
   */
  public static RequestBudget shared(String provider, String account, Rate rate) {
    return SHARED.computeIfAbsent(
        provider + ":" + fingerprint(account) + ":" + rate,
        k -> new RequestBudget(rate.requests(), rate.per()));
  }

  public static RequestBudget shared(String provider, String account, int requests, Duration per) {
    return shared(provider, account, new Rate(requests, per));
  }

  /**
   * The rate a DnsProvider's {@code spec.requestBudget} sets, if any. The CRD's schema refuses what
   * this refuses; this is for specs that did not pass through it ({@code push -f}, a CRD installed
   * without its schema).
   *
   * @throws DnsProviderException permanent, {@code InvalidProvider}, naming the field
   */
  public static Optional<Rate> configured(DnsProviderSpec spec) throws DnsProviderException {
    DnsProviderSpec.RequestBudgetSpec b = spec == null ? null : spec.requestBudget;
    if (b == null) {
      return Optional.empty();
    }
    if (b.requests == null || b.requests < 1 || b.requests > MAX_REQUESTS) {
      throw invalid(
          "spec.requestBudget.requests: must be a number from 1 to "
              + MAX_REQUESTS
              + ", got "
              + b.requests);
    }
    if (b.per == null) {
      throw invalid("spec.requestBudget.per: is required, e.g. 1s or 5m");
    }
    try {
      return Optional.of(
          new Rate(b.requests, Durations.parsePositive("spec.requestBudget.per", b.per)));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /**
   * The budget for one provider instance: the configured rate if {@code spec} sets one, else {@code
   * defaultRate} (null: unlimited), shared per {@code account}.
   */
  public static RequestBudget forProvider(
      DnsProviderSpec spec, String provider, String account, Rate defaultRate)
      throws DnsProviderException {
    Rate rate = configured(spec).orElse(defaultRate);
    return rate == null ? UNLIMITED : shared(provider, account, rate);
  }

  private static DnsProviderException invalid(String message) {
    return new DnsProviderException(ProviderFailure.InvalidProvider, message, true);
  }

  private static String fingerprint(String account) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Waits until one request may be sent, as {@link #acquire}.
   *
   * @throws DnsProviderException when interrupted while waiting (the operator is stopping)
   */
  public void take() throws DnsProviderException {
    try {
      acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DnsProviderException(
          ProviderFailure.Unreachable,
          "interrupted while waiting for the request budget",
          false,
          e);
    }
  }

  /** Waits until one request may be sent. */
  public void acquire() throws InterruptedException {
    if (requests <= 0) {
      return;
    }
    while (true) {
      long wait;
      synchronized (this) {
        long now = nanoTime.getAsLong();
        if (now - pausedUntil < 0) {
          wait = pausedUntil - now;
        } else if (now - sent[next] >= perNanos) {
          sent[next] = now;
          next = (next + 1) % requests;
          return;
        } else {
          wait = perNanos - (now - sent[next]);
        }
      }
      sleeper.sleep(Duration.ofNanos(Math.max(wait, 1)));
    }
  }

  /** The provider said slow down: nobody sends for {@code pause}. */
  public synchronized void throttled(Duration pause) {
    long until = nanoTime.getAsLong() + pause.toNanos();
    if (until - pausedUntil > 0) {
      pausedUntil = until;
    }
  }

  @Override
  public String toString() {
    return requests <= 0
        ? "RequestBudget[unlimited]"
        : "RequestBudget[" + requests + " per " + Duration.ofNanos(perNanos) + "]";
  }
}
