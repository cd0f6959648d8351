package dev.senderdomain.operator.dkim;

/**
 * Where a key is in its lifecycle. A key only moves forward through these states; a removed key
 * drops out of the ring (its selector is remembered so it is never reused).
 */
public enum DkimKeyState {
  /**
   * Stored in the Secret; its record is being published and is not yet verified at the
   * authoritative servers.
   */
  PENDING,
  /**
   * Its record is verified at the authoritative servers; waiting {@code propagationDelay} before it
   * signs.
   */
  PUBLISHED,
  /** The Secret names it as the active selector: MTAs sign with it. At most one per key type. */
  ACTIVE,
  /** Replaced; still published for {@code retireAfter} so mail in flight still verifies. */
  RETIRING,
  /** Published with an empty {@code p=} (RFC 6376 section 3.6.1) until it is removed. */
  REVOKED;

  /** Whether a record carrying this key's public key must be in DNS (everything but REVOKED). */
  public boolean publishesPublicKey() {
    return this != REVOKED;
  }
}
