package dev.senderdomain.operator.dns.provider;

/**
 * A provider failure, classified once: {@code permanent} ones (bad credentials, zone not served,
 * refused) need a person and are not retried; transient ones (timeouts, server down, rate limited)
 * are retried with backoff. Messages never contain credentials.
 */
public class DnsProviderException extends Exception {
  private final boolean permanent;
  private final ProviderFailure reason;

  public DnsProviderException(
      ProviderFailure reason, String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
    this.permanent = permanent;
  }

  public DnsProviderException(ProviderFailure reason, String message, boolean permanent) {
    this(reason, message, permanent, null);
  }

  /** What failed, from the closed set every adapter uses; a condition reason and metrics label. */
  public ProviderFailure reason() {
    return reason;
  }

  public boolean permanent() {
    return permanent;
  }
}
