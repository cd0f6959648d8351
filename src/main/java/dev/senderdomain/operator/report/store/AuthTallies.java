package dev.senderdomain.operator.report.store;

/** Messages per raw (unaligned) authentication result, as receivers reported them. */
public final class AuthTallies {
  private AuthTallies() {}

  /**
   * Messages from {@code sourceIp} that carried a DKIM signature of {@code domain} (d=) with {@code
   * selector} (s=) that verified as {@code result}. Fields a receiver left out are "".
   */
  public record Dkim(
      String sourceIp, String domain, String selector, String result, long messages) {}

  /**
   * Messages from {@code sourceIp} whose SPF check of {@code domain} in {@code scope} (mfrom or
   * helo) gave {@code result}. Fields a receiver left out are "".
   */
  public record Spf(String sourceIp, String domain, String scope, String result, long messages) {}

  /**
   * Messages with this RFC 5322 From domain and RFC 5321 MAIL FROM domain ("" when not reported),
   * and how many of them passed DMARC.
   */
  public record Identifiers(
      String headerFrom, String envelopeFrom, long messages, long dmarcPass) {}
}
