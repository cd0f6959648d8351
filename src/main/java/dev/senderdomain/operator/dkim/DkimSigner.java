package dev.senderdomain.operator.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A minimal DKIM signer (RFC 6376; relaxed/relaxed; rsa-sha256, and ed25519-sha256 per RFC 8463),
 * enough to prove that a message signed with the Secret's key verifies against the published
 * record. Not an MTA component: it signs the whole body (no {@code l=}) and the header names it is
 * given.
 */
public final class DkimSigner {
  private DkimSigner() {}

  /**
   * The {@code DKIM-Signature} header field (folded, without final CRLF) to put on top of {@code
   * message}.
   *
   * @param headers header names to sign; RFC 6376 section 5.4 requires {@code From}
   * @param signedAt the {@code t=} tag, or null for none
   */
  public static String sign(
      byte[] message,
      String domain,
      String selector,
      DkimKey key,
      List<String> headers,
      Instant signedAt) {
    if (headers.stream().noneMatch(h -> h.equalsIgnoreCase("from"))) {
      throw new IllegalArgumentException("headers must include From (RFC 6376 section 5.4)");
    }
    DkimCanonicalizer.Message m = DkimCanonicalizer.split(message);
    String bh = base64(sha256(DkimCanonicalizer.bytes(DkimCanonicalizer.relaxedBody(m.body()))));
    List<String> names = headers.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    String unsigned =
        "DKIM-Signature: v=1; a="
            + key.algorithm().signatureAlgorithm()
            + "; c=relaxed/relaxed;\r\n"
            + "\td="
            + domain.toLowerCase(Locale.ROOT)
            + "; s="
            + selector
            + (signedAt == null ? "" : "; t=" + signedAt.getEpochSecond())
            + ";\r\n"
            + "\th="
            + String.join(":", names)
            + ";\r\n"
            + "\tbh="
            + bh
            + ";\r\n"
            + "\tb=";
    String data = DkimCanonicalizer.signedHeaderData(m.headers(), names, unsigned);
    String b = base64(signData(key, DkimCanonicalizer.bytes(data)));
    StringBuilder folded = new StringBuilder(unsigned);
    for (int i = 0; i < b.length(); i += 72) {
      if (i > 0) {
        folded.append("\r\n\t ");
      }
      folded.append(b, i, Math.min(b.length(), i + 72));
    }
    return folded.toString();
  }

  /** {@link #sign(byte[], String, String, DkimKey, List, Instant)} without a {@code t=} tag. */
  public static String sign(
      byte[] message, String domain, String selector, DkimKey key, List<String> headers) {
    return sign(message, domain, selector, key, headers, null);
  }

  /** The message with the signature field prepended. */
  public static byte[] signMessage(
      byte[] message,
      String domain,
      String selector,
      DkimKey key,
      List<String> headers,
      Instant signedAt) {
    String field = sign(message, domain, selector, key, headers, signedAt) + "\r\n";
    return KeyMaterial.concat(DkimCanonicalizer.bytes(field), message);
  }

  /**
   * RSA: RSASSA-PKCS1-v1_5 with SHA-256 over the data. Ed25519: PureEdDSA over SHA-256 of the data
   * (RFC 8463 s3).
   */
  static byte[] signData(DkimKey key, byte[] data) {
    try {
      Signature s = Signature.getInstance(key.algorithm().isRsa() ? "SHA256withRSA" : "Ed25519");
      s.initSign(key.javaPrivateKey());
      s.update(key.algorithm().isRsa() ? data : sha256(data));
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot sign with "
              + key.selector()
              + " ("
              + key.algorithm()
              + "): "
              + e.getClass().getSimpleName());
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
