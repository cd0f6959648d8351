package dev.senderdomain.operator.dns.provider;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The one classification of HTTP provider failures, so every HTTP adapter reports the same reasons:
 * 401/403 permanent {@code Unauthorized}; 404 permanent {@code ZoneNotFound}; 400/422 (and other
 * 4xx) permanent {@code Rejected} with the provider's own message; 429 transient {@code
 * RateLimited}; 5xx, timeouts and refused connections transient {@code Unreachable}. Callers pass
 * only the provider's message, never a request, so no credential can leak into an exception.
 */
public final class HttpErrors {
  private HttpErrors() {}

  public static DnsProviderException forStatus(
      String provider, int status, String providerMessage, Optional<Duration> retryAfter) {
    String detail =
        providerMessage == null || providerMessage.isBlank() ? "" : ": " + providerMessage;
    if (status == 401 || status == 403) {
      return new DnsProviderException(
          ProviderFailure.Unauthorized,
          provider + " refused the credentials (HTTP " + status + ")" + detail,
          true);
    }
    if (status == 404) {
      return new DnsProviderException(
          ProviderFailure.ZoneNotFound,
          provider + " does not serve the zone (HTTP 404)" + detail,
          true);
    }
    if (status == 429) {
      return new RateLimitedException(
          provider + " rate limit reached (HTTP 429)" + detail, retryAfter.orElse(null));
    }
    if (status >= 500) {
      return new DnsProviderException(
          ProviderFailure.Unreachable, provider + " failed (HTTP " + status + ")" + detail, false);
    }
    return new DnsProviderException(
        ProviderFailure.Rejected,
        provider + " rejected the change (HTTP " + status + ")" + detail,
        true);
  }

  public static DnsProviderException forIo(String provider, IOException e) {
    String what = e instanceof HttpTimeoutException ? "timed out" : "could not be reached";
    // The exception's own message may name host and port, never credentials (they travel in headers
    // only).
    return new DnsProviderException(
        ProviderFailure.Unreachable,
        provider
            + " "
            + what
            + ": "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()),
        false,
        e);
  }

  public static DnsProviderException interrupted(String provider, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new DnsProviderException(
        ProviderFailure.Unreachable, provider + " call interrupted", false, e);
  }

  /**
   * Retry-After in delta-seconds form (RFC 9110 10.2.3); the HTTP-date form is ignored (backoff
   * applies).
   */
  public static Optional<Duration> retryAfter(HttpHeaders headers) {
    return headers
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
