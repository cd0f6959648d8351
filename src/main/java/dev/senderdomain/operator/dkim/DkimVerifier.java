package dev.senderdomain.operator.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A minimal DKIM verifier (RFC 6376 section 6.1; relaxed/relaxed; rsa-sha256 and ed25519-sha256)
 * against a key record value given by the caller instead of looked up in DNS. It does not check
 * {@code x=} (no clock here).
 */
public final class DkimVerifier {
  private DkimVerifier() {}

  /**
   * Verifies the message's DKIM signatures whose algorithm fits the record's key type; passes if
   * one verifies. Without such a signature the result is a failure saying so.
   */
  public static DkimVerification verify(byte[] message, String publicTxtValue) {
    DkimCanonicalizer.Message m = DkimCanonicalizer.split(message);
    DkimTxtRecord.PublishedKey key;
    try {
      key = DkimTxtRecord.parse(publicTxtValue);
    } catch (DkimKeyException e) {
      return DkimVerification.fail("bad key record: " + e.getMessage(), null, null);
    }
    DkimVerification last =
        DkimVerification.fail("no DKIM-Signature for a " + key.keyType() + " key", null, null);
    for (DkimCanonicalizer.HeaderField f : m.headers()) {
      if (f.name().equals("dkim-signature")) {
        DkimVerification v = verifyOne(m, f, key);
        if (v.pass()) {
          return v;
        }
        if (!v.reason().startsWith("skipped")) {
          last = v;
        }
      }
    }
    return last;
  }

  private static DkimVerification verifyOne(
      DkimCanonicalizer.Message m,
      DkimCanonicalizer.HeaderField field,
      DkimTxtRecord.PublishedKey key) {
    String value = field.raw().substring(field.raw().indexOf(':') + 1);
    Map<String, String> tags;
    try {
      tags = DkimTxtRecord.tags(value);
    } catch (DkimKeyException e) {
      return DkimVerification.fail("malformed DKIM-Signature", null, null);
    }
    String d = tags.get("d");
    String s = tags.get("s");
    String a = tags.get("a");
    if (!"1".equals(tags.get("v"))
        || a == null
        || d == null
        || s == null
        || tags.get("b") == null
        || tags.get("bh") == null
        || tags.get("h") == null) {
      return DkimVerification.fail(
          "DKIM-Signature lacks v=1, a, b, bh, d, h or s (RFC 6376 section 6.1.1)", d, s);
    }
    String keyAlg = key.keyType().equals("rsa") ? "rsa-sha256" : "ed25519-sha256";
    if (!a.equals(keyAlg)) {
      return DkimVerification.fail(
          "skipped: a=" + a + " does not fit a " + key.keyType() + " key", d, s);
    }
    if (!"relaxed/relaxed".equals(tags.get("c"))) {
      return DkimVerification.fail("unsupported canonicalization c=" + tags.get("c"), d, s);
    }
    List<String> names = Arrays.stream(tags.get("h").split(":")).map(String::strip).toList();
    if (names.stream().noneMatch(n -> n.equalsIgnoreCase("from"))) {
      return DkimVerification.fail("h= does not include From (RFC 6376 section 5.4)", d, s);
    }
    if (key.revoked()) {
      return DkimVerification.fail("key revoked (empty p=)", d, s);
    }
    byte[] body = DkimCanonicalizer.bytes(DkimCanonicalizer.relaxedBody(m.body()));
    if (tags.containsKey("l")) {
      long l;
      try {
        l = Long.parseLong(tags.get("l"));
      } catch (NumberFormatException e) {
        return DkimVerification.fail("bad l= tag", d, s);
      }
      if (l > body.length) {
        return DkimVerification.fail("l= is longer than the body", d, s);
      }
      body = Arrays.copyOf(body, (int) l);
    }
    byte[] bh;
    byte[] b;
    try {
      bh = Base64.getDecoder().decode(tags.get("bh"));
      b = Base64.getDecoder().decode(tags.get("b"));
    } catch (IllegalArgumentException e) {
      return DkimVerification.fail("bh= or b= is not base64", d, s);
    }
    if (!MessageDigest.isEqual(bh, DkimSigner.sha256(body))) {
      return DkimVerification.fail("body hash mismatch (the body was changed)", d, s);
    }
    String withoutB = field.raw().replaceAll("(?<=[;:\\s]b=)[^;]*", "");
    byte[] data =
        DkimCanonicalizer.bytes(DkimCanonicalizer.signedHeaderData(m.headers(), names, withoutB));
    try {
      boolean rsa = key.keyType().equals("rsa");
      Signature sig = Signature.getInstance(rsa ? "SHA256withRSA" : "Ed25519");
      sig.initVerify(
          KeyMaterial.publicKey(rsa ? DkimAlgorithm.RSA_2048 : DkimAlgorithm.ED25519, key.spki()));
      sig.update(rsa ? data : DkimSigner.sha256(data));
      return sig.verify(b)
          ? new DkimVerification(true, "verified", d, s)
          : DkimVerification.fail(
              "signature does not verify (a signed header was changed, or another key)", d, s);
    } catch (GeneralSecurityException | DkimKeyException e) {
      return DkimVerification.fail("cannot verify: " + e.getClass().getSimpleName(), d, s);
    }
  }

  /** The DKIM-Signature fields of a message, raw (for tests and diagnostics). */
  public static List<String> signatureFields(byte[] message) {
    List<String> out = new ArrayList<>();
    for (DkimCanonicalizer.HeaderField f : DkimCanonicalizer.split(message).headers()) {
      if (f.name().equals("dkim-signature")) {
        out.add(f.raw());
      }
    }
    return out;
  }
}
