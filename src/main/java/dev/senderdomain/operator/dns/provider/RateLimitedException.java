package dev.senderdomain.operator.dns.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider asked us to slow down (HTTP 429, Route 53 {@code Throttling}). Always transient,
 * reason {@code RateLimited}; carries the provider's own hint (Retry-After) when it gave one.
 */
public class RateLimitedException extends DnsProviderException {
  private final transient Duration retryAfter;

  public RateLimitedException(String message, Duration retryAfter) {
    super(ProviderFailure.RateLimited, message, false);
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
