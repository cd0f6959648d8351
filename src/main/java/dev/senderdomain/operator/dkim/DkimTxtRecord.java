package dev.senderdomain.operator.dkim;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The DKIM key record (RFC 6376 section 3.6.1): {@code v=DKIM1; k=rsa; p=<base64>}. For RSA, {@code
 * p=} is the SubjectPublicKeyInfo DER; for Ed25519 (RFC 8463 section 4) it is the raw 32-byte
 * public key.
 */
public final class DkimTxtRecord {
  private DkimTxtRecord() {}

  /** The record publishing a public key given as SubjectPublicKeyInfo DER. */
  public static String publish(DkimAlgorithm algorithm, byte[] spki) {
    byte[] p = algorithm.isRsa() ? spki : KeyMaterial.ed25519Raw(spki);
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(p);
  }

  /**
   * The revocation record: an empty {@code p=} tells verifiers the key is revoked (RFC 6376 section
   * 3.6.1).
   */
  public static String revoked(DkimAlgorithm algorithm) {
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=";
  }

  /**
   * Tag list of a record (RFC 6376 section 3.2); tag names are case-sensitive, values have
   * whitespace removed.
   */
  public static Map<String, String> tags(String txt) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (txt == null) {
      return tags;
    }
    for (String part : txt.split(";")) {
      int eq = part.indexOf('=');
      if (part.isBlank()) {
        continue;
      }
      if (eq < 0) {
        throw new DkimKeyException("DKIM record tag without '=': " + part.strip());
      }
      String name = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).replaceAll("[ \t\r\n]", "");
      tags.putIfAbsent(name, value);
    }
    return tags;
  }

  /**
   * The public key of a record as SubjectPublicKeyInfo DER, or an empty array for a revoked ({@code
   * p=}) record. Missing {@code k=} means rsa (RFC 6376 section 3.6.1).
   */
  public static PublishedKey parse(String txt) {
    Map<String, String> tags = tags(txt);
    String v = tags.get("v");
    if (v != null && !"DKIM1".equals(v)) {
      throw new DkimKeyException("DKIM record has v=" + v + ", expected DKIM1");
    }
    String k = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
    if (!k.equals("rsa") && !k.equals("ed25519")) {
      throw new DkimKeyException("DKIM record has unsupported k=" + k);
    }
    String p = tags.get("p");
    if (p == null) {
      throw new DkimKeyException("DKIM record has no p= tag");
    }
    if (p.isEmpty()) {
      return new PublishedKey(k, new byte[0]);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(p);
    } catch (IllegalArgumentException e) {
      throw new DkimKeyException("DKIM record p= is not valid base64");
    }
    return new PublishedKey(k, k.equals("rsa") ? raw : KeyMaterial.ed25519Spki(raw));
  }

  /** A key as published: its {@code k=} type and SubjectPublicKeyInfo DER (empty when revoked). */
  public record PublishedKey(String keyType, byte[] spki) {
    public boolean revoked() {
      return spki.length == 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PublishedKey other
          && keyType.equals(other.keyType)
          && java.util.Arrays.equals(spki, other.spki);
    }

    @Override
    public int hashCode() {
      return keyType.hashCode() * 31 + java.util.Arrays.hashCode(spki);
    }

    @Override
    public String toString() {
      return "PublishedKey[" + keyType + (revoked() ? ", revoked]" : "]");
    }
  }
}
