package dev.senderdomain.operator.report;

import java.util.Locale;

/** Who a sending IP is, as far as the reports tell. See {@link SourceClassifier} for the rules. */
public enum SourceClass {
  /**
   * Declared in the spec, authorised by the domain's SPF, or signing with the domain's DKIM key.
   */
  EXPECTED,
  /**
   * Relays someone else's mail (mailing lists, forwarding): DMARC failures here are not a
   * configuration problem.
   */
  FORWARDER,
  /** Nothing ties it to the domain: misconfigured new sender, or someone spoofing the domain. */
  UNKNOWN;

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
