package dev.senderdomain.operator.dkim;

/**
 * A DKIM record that must be in DNS now: {@code <selector>._domainkey.<domain> TXT <txtValue>}. The
 * TXT value is the whole logical string; the DNS layer splits it into 255-octet character-strings.
 */
public record DkimDnsEntry(String selector, DkimAlgorithm algorithm, String txtValue) {
  /** The owner name relative to the domain, e.g. {@code sd2026a._domainkey}. */
  public String relativeName() {
    return selector + "._domainkey";
  }
}
