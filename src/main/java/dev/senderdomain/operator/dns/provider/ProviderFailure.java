package dev.senderdomain.operator.dns.provider;

/**
 * The closed set of ways a DNS provider can fail, the same for every adapter. Each name is the
 * condition reason and the metrics label it becomes; whether a failure is retried is decided where
 * it is raised ({@link DnsProviderException#permanent()}), since some (an unreadable Secret) can be
 * either.
 */
public enum ProviderFailure {
  /** The DnsProvider spec cannot be used: no or several sections, a missing required field. */
  InvalidProvider,
  /** A Secret the provider references does not exist, or lacks the key. */
  SecretNotFound,
  /** A Secret the provider references could not be read (forbidden, API unavailable). */
  SecretUnreadable,
  /** The provider refused the credentials (HTTP 401/403, TSIG NOTAUTH/BADKEY/BADSIG/BADTIME). */
  Unauthorized,
  /** The provider does not serve a zone containing the name (HTTP 404, RFC 2136 NOTZONE). */
  ZoneNotFound,
  /**
   * The server refuses this update (RFC 2136 REFUSED: not authoritative, or the policy says no).
   */
  Refused,
  /** The provider rejected the change itself (HTTP 400/422, an unexpected DNS response code). */
  Rejected,
  /** The records changed between our read and our write; read again and re-plan. */
  ConcurrentEdit,
  /** The provider's rate limit held after bounded backoff. */
  RateLimited,
  /** No answer, a refused connection, a timeout or an HTTP 5xx. */
  Unreachable,
  /** The DNS server answered SERVFAIL (RFC 1035 4.1.1). */
  ServerFailure,
  /** The manual provider was asked to apply changes; it never pushes. */
  ManualProvider
}
