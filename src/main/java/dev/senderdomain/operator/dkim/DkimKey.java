package dev.senderdomain.operator.dkim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One DKIM key of the ring. The private key is PKCS#8 DER (Ed25519 as PKCS#8 v1), the public key
 * SubjectPublicKeyInfo DER for both algorithms. {@link #toString()} prints neither, JSON
 * serialization leaves the private key out (should a key ever be serialized by mistake); arrays are
 * copied in and out.
 *
 * @param since when the key entered {@code state}
 */
public record DkimKey(
    String selector,
    DkimAlgorithm algorithm,
    DkimKeyState state,
    Instant since,
    @JsonIgnore byte[] privateKey,
    byte[] publicKey) {

  /**
   * A selector is one DNS label (RFC 6376 section 3.1) that is also a valid Secret data key prefix.
   */
  private static final Pattern SELECTOR = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public DkimKey {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
    if (!SELECTOR.matcher(selector).matches()) {
      throw new DkimKeyException(
          "selector '" + selector + "' is not a lower-case DNS label (a-z, 0-9, '-')");
    }
    privateKey = privateKey.clone();
    publicKey = publicKey.clone();
  }

  /** Whether a selector may be used (one lower-case DNS label). */
  public static boolean isValidSelector(String selector) {
    return selector != null && SELECTOR.matcher(selector).matches();
  }

  /** Builds a key from PKCS#8 DER, deriving and checking the public key and the algorithm. */
  public static DkimKey fromPkcs8(
      String selector, DkimKeyState state, Instant since, byte[] pkcs8, String where) {
    KeyMaterial.Parsed parsed = KeyMaterial.parsePkcs8(pkcs8, where);
    return new DkimKey(selector, parsed.algorithm(), state, since, parsed.pkcs8(), parsed.spki());
  }

  @Override
  public byte[] privateKey() {
    return privateKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public DkimKey withState(DkimKeyState newState, Instant at) {
    return new DkimKey(selector, algorithm, newState, at, privateKey, publicKey);
  }

  /** The record value while the key is published: {@code v=DKIM1; k=...; p=...}. */
  public String publicTxtValue() {
    return DkimTxtRecord.publish(algorithm, publicKey);
  }

  /** The record value for the key's current state: the revocation record when REVOKED. */
  public String txtValue() {
    return state.publishesPublicKey() ? publicTxtValue() : DkimTxtRecord.revoked(algorithm);
  }

  /**
   * Whether a published record carries this key's public key (used to validate adopted keys against
   * DNS).
   */
  public boolean matchesRecord(String txt) {
    DkimTxtRecord.PublishedKey published = DkimTxtRecord.parse(txt);
    return published.keyType().equals(algorithm.keyType())
        && Arrays.equals(published.spki(), publicKey);
  }

  @JsonIgnore
  public PrivateKey javaPrivateKey() {
    return KeyMaterial.privateKey(algorithm, privateKey);
  }

  public PublicKey javaPublicKey() {
    return KeyMaterial.publicKey(algorithm, publicKey);
  }

  /**
   * PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), which OpenDKIM, rspamd, Postfix milters and OpenSSL
   * read.
   */
  @JsonIgnore
  public String pkcs8Pem() {
    return KeyMaterial.pem("PRIVATE KEY", privateKey);
  }

  /** PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}) for RSA keys. */
  @JsonIgnore
  public String pkcs1Pem() {
    if (!algorithm.isRsa()) {
      throw new IllegalStateException(
          "PKCS#1 exists only for RSA keys; " + selector + " is " + algorithm);
    }
    return KeyMaterial.pem("RSA PRIVATE KEY", KeyMaterial.rsaPkcs1(privateKey));
  }

  /**
   * SubjectPublicKeyInfo PEM ({@code BEGIN PUBLIC KEY}), as {@code openssl pkey -pubout} prints it.
   */
  public String publicKeyPem() {
    return KeyMaterial.pem("PUBLIC KEY", publicKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DkimKey k
        && selector.equals(k.selector)
        && algorithm == k.algorithm
        && state == k.state
        && since.equals(k.since)
        && Arrays.equals(privateKey, k.privateKey)
        && Arrays.equals(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(selector, algorithm, state, since, Arrays.hashCode(publicKey));
  }

  /** Public facts only: never key material. */
  @Override
  public String toString() {
    return "DkimKey[" + selector + ", " + algorithm + ", " + state + " since " + since + "]";
  }
}
