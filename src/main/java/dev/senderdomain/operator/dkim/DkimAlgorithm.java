package dev.senderdomain.operator.dkim;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A DKIM key algorithm as named in {@code spec.dkim.algorithms}.
 *
 * <p>Keys of the same {@link #keyType()} share one lifecycle: there is at most one ACTIVE key per
 * key type, and changing {@code rsa-1024} to {@code rsa-2048} is a rotation of the RSA key, not a
 * second RSA key.
 */
public enum DkimAlgorithm {
  RSA_2048("rsa-2048", "rsa", 2048),
  /** Legacy: RFC 8301 section 3.2 says signers SHOULD use at least 2048 bits. Warned about. */
  RSA_1024("rsa-1024", "rsa", 1024),
  /** RFC 8463. Gmail and Outlook do not verify it, so an RSA key must sign beside it. */
  ED25519("ed25519", "ed25519", 256);

  private final String specName;
  private final String keyType;
  private final int bits;

  DkimAlgorithm(String specName, String keyType, int bits) {
    this.specName = specName;
    this.keyType = keyType;
    this.bits = bits;
  }

  /** The name used in the spec and in the key ring state, e.g. {@code rsa-2048}. */
  public String specName() {
    return specName;
  }

  /**
   * The {@code k=} tag of the record (RFC 6376 section 3.6.1, RFC 8463 section 4): {@code rsa} or
   * {@code ed25519}.
   */
  public String keyType() {
    return keyType;
  }

  /** Key size in bits (the RSA modulus; 256 for Ed25519). */
  public int bits() {
    return bits;
  }

  public boolean isRsa() {
    return "rsa".equals(keyType);
  }

  /**
   * The {@code a=} tag of a signature made with this key (RFC 6376 section 3.3, RFC 8463 section
   * 3).
   */
  public String signatureAlgorithm() {
    return isRsa() ? "rsa-sha256" : "ed25519-sha256";
  }

  /** Parses a spec name; the error lists the accepted names. */
  public static DkimAlgorithm fromSpec(String name) {
    if (name != null) {
      for (DkimAlgorithm a : values()) {
        if (a.specName.equals(name.trim().toLowerCase(java.util.Locale.ROOT))) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown DKIM algorithm '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(DkimAlgorithm::specName)
                .collect(Collectors.joining(", ")));
  }

  /**
   * The algorithm of an RSA key with the given modulus size, or an error for sizes the operator
   * does not manage.
   */
  public static DkimAlgorithm forRsaBits(int bits) {
    if (bits == 2048) {
      return RSA_2048;
    }
    if (bits == 1024) {
      return RSA_1024;
    }
    throw new IllegalArgumentException(
        "RSA key of " + bits + " bits; expected 2048 (or legacy 1024)");
  }

  @Override
  public String toString() {
    return specName;
  }
}
