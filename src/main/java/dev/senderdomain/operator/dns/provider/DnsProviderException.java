package dev.senderdomain.operator.dns.provider;

/**
 * A provider failure, classified once: {@code permanent} ones (bad credentials, zone not served,
 * refused) need a person and are not retried; transient ones (timeouts, server down, rate limited)
 * are retried with backoff. Messages never contain credentials.
 */
public class DnsProviderException extends Exception {
  private final boolean permanent;
  private final String reason;

  public DnsProviderException(String reason, String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.permanent = permanent;
  }

  public DnsProviderException(String reason, String message, boolean permanent) {
    this(reason, message, permanent, null);
  }

  /**
   * A PascalCase reason for conditions and metrics, e.g. {@code Unauthorized}, {@code Unreachable}.
   */
  public String reason() {
    return reason;
  }

  public boolean permanent() {
    return permanent;
  }
}
