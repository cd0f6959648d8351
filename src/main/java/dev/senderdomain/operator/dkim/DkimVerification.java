package dev.senderdomain.operator.dkim;

/**
 * The outcome of verifying one DKIM signature.
 *
 * @param pass whether the signature verified
 * @param reason why not (or "verified"); never contains key material
 */
public record DkimVerification(boolean pass, String reason, String domain, String selector) {
  static DkimVerification fail(String reason, String domain, String selector) {
    return new DkimVerification(false, reason, domain, selector);
  }
}
