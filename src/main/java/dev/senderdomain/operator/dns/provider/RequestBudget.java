package dev.senderdomain.operator.dns.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
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
 * requests per 5 minutes per user; PowerDNS and RFC 2136 servers have no limit of their own.
 */
public final class RequestBudget {
  /** No limit: every request is sent at once. */
  public static final RequestBudget UNLIMITED = new RequestBudget(0, Duration.ZERO);

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
   * credential (it is hashed here, never kept or shown); the first caller's rate sets the budget.
   */
  public static RequestBudget shared(String provider, String account, int requests, Duration per) {
    return SHARED.computeIfAbsent(
        provider + ":" + fingerprint(account), k -> new RequestBudget(requests, per));
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
