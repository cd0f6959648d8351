package dev.senderdomain.operator.dkim;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Encoding of DKIM keys: PKCS#8 and SubjectPublicKeyInfo DER, PEM, PKCS#1 for RSA. Errors never
 * include key bytes.
 */
final class KeyMaterial {
  /**
   * PKCS#8 v1 (RFC 8410 section 7) header of an Ed25519 key: version 0, no public key attribute.
   */
  private static final byte[] ED25519_PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  /** SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410 section 4). */
  private static final byte[] ED25519_SPKI_PREFIX = hex("302a300506032b6570032100");

  private static final String RSA_OID = "1.2.840.113549.1.1.1";
  private static final String ED25519_OID = "1.3.101.112";

  private KeyMaterial() {}

  /** A parsed private key with its derived public key (SPKI DER) and algorithm. */
  record Parsed(DkimAlgorithm algorithm, byte[] pkcs8, byte[] spki) {}

  /**
   * Parses PKCS#8 DER (RSA or Ed25519, PKCS#8 v1 or v2) and derives the public key. Ed25519 keys
   * are re-encoded as PKCS#8 v1 so OpenSSL and every MTA read them.
   */
  static Parsed parsePkcs8(byte[] der, String where) {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      info = null;
    }
    if (info == null) {
      throw new DkimKeyException(where + ": not a PKCS#8 private key");
    }
    String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    try {
      if (RSA_OID.equals(oid)) {
        PrivateKey key =
            KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        if (!(key instanceof RSAPrivateCrtKey crt)) {
          throw new DkimKeyException(where + ": RSA key without CRT parameters");
        }
        int bits = crt.getModulus().bitLength();
        DkimAlgorithm alg;
        try {
          alg = DkimAlgorithm.forRsaBits(bits);
        } catch (IllegalArgumentException e) {
          throw new DkimKeyException(where + ": " + e.getMessage());
        }
        return new Parsed(alg, der.clone(), rsaSpki(crt.getModulus(), crt.getPublicExponent()));
      }
      if (ED25519_OID.equals(oid)) {
        byte[] seed =
            org.bouncycastle.asn1.ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        if (seed.length != 32) {
          throw new DkimKeyException(where + ": Ed25519 private key is not 32 bytes");
        }
        return ed25519FromSeed(seed);
      }
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      if (e instanceof DkimKeyException dke) {
        throw dke;
      }
      throw new DkimKeyException(
          where + ": unreadable " + (RSA_OID.equals(oid) ? "RSA" : "Ed25519") + " private key");
    }
    throw new DkimKeyException(where + ": key algorithm " + oid + " is not RSA or Ed25519");
  }

  /** An Ed25519 key from its 32-byte seed (RFC 8032 section 5.1.5). */
  static Parsed ed25519FromSeed(byte[] seed) {
    byte[] publicRaw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    return new Parsed(
        DkimAlgorithm.ED25519,
        concat(ED25519_PKCS8_PREFIX, seed),
        concat(ED25519_SPKI_PREFIX, publicRaw));
  }

  static byte[] rsaSpki(BigInteger modulus, BigInteger exponent) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA")
        .generatePublic(new RSAPublicKeySpec(modulus, exponent))
        .getEncoded();
  }

  /**
   * The raw 32-byte Ed25519 public key inside its SubjectPublicKeyInfo (what RFC 8463 puts in
   * {@code p=}).
   */
  static byte[] ed25519Raw(byte[] spki) {
    return SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
  }

  /** SubjectPublicKeyInfo DER of a raw Ed25519 public key. */
  static byte[] ed25519Spki(byte[] raw) {
    if (raw.length != 32) {
      throw new DkimKeyException("Ed25519 public key is " + raw.length + " bytes, expected 32");
    }
    return concat(ED25519_SPKI_PREFIX, raw);
  }

  static PrivateKey privateKey(DkimAlgorithm alg, byte[] pkcs8) {
    try {
      return KeyFactory.getInstance(alg.isRsa() ? "RSA" : "Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new DkimKeyException("unreadable " + alg + " private key");
    }
  }

  static PublicKey publicKey(DkimAlgorithm alg, byte[] spki) {
    try {
      return KeyFactory.getInstance(alg.isRsa() ? "RSA" : "Ed25519")
          .generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new DkimKeyException("unreadable " + alg + " public key");
    }
  }

  /**
   * PKCS#1 RSAPrivateKey DER inside an RSA PKCS#8 key (for MTAs that want {@code BEGIN RSA PRIVATE
   * KEY}).
   */
  static byte[] rsaPkcs1(byte[] pkcs8) {
    try {
      return PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
    } catch (IOException e) {
      throw new DkimKeyException("unreadable RSA private key");
    }
  }

  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /**
   * The DER inside a PEM block of the given type; the error names {@code where} and never echoes
   * the input.
   */
  static byte[] fromPem(String pem, String type, String where) {
    if (pem == null) {
      throw new DkimKeyException(where + ": missing");
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = pem.indexOf(begin);
    int e = b < 0 ? -1 : pem.indexOf(end, b + begin.length());
    if (e < 0) {
      throw new DkimKeyException(where + ": not a PEM '" + type + "' block");
    }
    try {
      return Base64.getDecoder().decode(pem.substring(b + begin.length(), e).replaceAll("\\s", ""));
    } catch (IllegalArgumentException ex) {
      throw new DkimKeyException(where + ": PEM body is not valid base64");
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
