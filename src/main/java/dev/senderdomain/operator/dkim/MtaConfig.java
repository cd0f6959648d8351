package dev.senderdomain.operator.dkim;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Mail server configuration for the active keys, in the forms Debian's OpenDKIM 2.11, rspamd 3.4
 * and Exim 4.96 read as they are (each checked by the deliverability test ring), so an MTA mounts
 * the key Secret and includes these files without editing them.
 *
 * <p>OpenDKIM applies one {@code SignatureAlgorithm} to every key it signs with, so a table that
 * mixes an RSA and an Ed25519 key makes it refuse every message ({@code EVP_PKEY_get1_RSA()
 * failed}): there is one KeyTable/SigningTable pair per key type, one OpenDKIM instance each. The
 * tables name the selector, so OpenDKIM and rspamd re-read them on a reload; Exim's options are
 * expanded at every delivery and need none.
 */
final class MtaConfig {
  /** The Ed25519 key as rspamd before 3.13.2 (and dkimpy) read it: {@code <selector>.raw.key}. */
  static final String RAW_KEY_SUFFIX = ".raw.key";

  private MtaConfig() {}

  /**
   * The configuration data keys for {@code domain} with the active keys (at most one per type, RSA
   * first), every file referring to keys under {@code keyDir}:
   *
   * <ul>
   *   <li>{@code opendkim-keytable-<type>}, {@code opendkim-signingtable-<type>} for {@code rsa}
   *       and {@code ed25519}: KeyTable and SigningTable ({@code refile:}) lines, empty while the
   *       type has no active key (OpenDKIM then signs nothing and passes the message on);
   *   <li>{@code rspamd-dkim-signing.conf}: options for rspamd's {@code dkim_signing} module;
   *   <li>{@code exim-dkim.conf}: options for an Exim smtp transport, reading {@code
   *       exim-dkim-selectors} (the active selectors as an Exim list) at each delivery.
   * </ul>
   */
  static Map<String, String> render(String domain, List<DkimKey> active, String keyDir) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String type : RotationPolicy.KEY_TYPES) {
      Optional<DkimKey> key =
          active.stream().filter(k -> k.algorithm().keyType().equals(type)).findFirst();
      out.put(
          "opendkim-keytable-" + type, key.map(k -> keyTableLine(domain, k, keyDir)).orElse(""));
      out.put(
          "opendkim-signingtable-" + type,
          key.map(k -> "*@" + domain + " " + keyName(domain, k) + "\n").orElse(""));
    }
    out.put("rspamd-dkim-signing.conf", rspamd(domain, active, keyDir));
    out.put("exim-dkim.conf", exim(domain, keyDir));
    out.put(
        "exim-dkim-selectors", String.join(":", active.stream().map(DkimKey::selector).toList()));
    return out;
  }

  private static String keyName(String domain, DkimKey k) {
    return k.selector() + "._domainkey." + domain;
  }

  private static String keyTableLine(String domain, DkimKey k, String keyDir) {
    return keyName(domain, k)
        + " "
        + domain
        + ":"
        + k.selector()
        + ":"
        + keyDir
        + "/"
        + k.selector()
        + ".key\n";
  }

  /**
   * {@code use_esld = false}: rspamd's default looks the key up under the organizational domain
   * ({@code example.com} for {@code shop.example.com}) and finds none. Ed25519 keys are given as
   * {@code <selector>.raw.key}: rspamd before 3.13.2 reads no Ed25519 PEM ("cannot extract rsa key
   * from evp key"), and later versions read the raw form too. Without an active key the fragment
   * has no {@code domain} entry and rspamd signs nothing.
   */
  private static String rspamd(String domain, List<DkimKey> active, String keyDir) {
    StringBuilder sb = new StringBuilder();
    sb.append("# rspamd dkim_signing options for ")
        .append(domain)
        .append(" (include in local.d/dkim_signing.conf)\n");
    sb.append("# sign with d=").append(domain).append(" itself, not its organizational domain\n");
    sb.append("use_esld = false;\n");
    if (active.isEmpty()) {
      sb.append("# no active key yet: nothing is signed\n");
      return sb.toString();
    }
    sb.append("domain {\n  ").append(domain).append(" {\n    selectors [\n");
    for (DkimKey k : active) {
      String file = k.selector() + (k.algorithm().isRsa() ? ".key" : RAW_KEY_SUFFIX);
      sb.append("      { path = \"")
          .append(keyDir)
          .append('/')
          .append(file)
          .append("\"; selector = \"")
          .append(k.selector())
          .append("\"; }\n");
    }
    sb.append("    ]\n  }\n}\n");
    return sb.toString();
  }

  /**
   * Exim expands these options at each delivery, so the snippet never changes with a rotation: the
   * selectors come from {@code exim-dkim-selectors}, each key from {@code <selector>.key} (Exim
   * 4.96 with GnuTLS, as Debian builds it, reads Ed25519 as PKCS#8 PEM and not the raw form). Mail
   * whose From: is in another domain is not signed (an empty {@code dkim_domain} means no
   * signature).
   */
  private static String exim(String domain, String keyDir) {
    return "# Exim smtp transport options for "
        + domain
        + " (.include in the remote smtp transport);\n"
        + "# expanded at each delivery, so a key rotation needs no reload\n"
        + "dkim_domain = ${if eqi{${domain:$h_from:}}{"
        + domain
        + "}{"
        + domain
        + "}{}}\n"
        + "dkim_selector = ${readfile{"
        + keyDir
        + "/exim-dkim-selectors}{}}\n"
        + "dkim_private_key = "
        + keyDir
        + "/${dkim_selector}.key\n"
        + "dkim_canon = relaxed\n";
  }

  /**
   * The 32-byte Ed25519 private key (RFC 8032 seed) in base64, the form rspamd before 3.13.2 and
   * dkimpy read.
   */
  static String rawEd25519(DkimKey key) {
    if (key.algorithm().isRsa()) {
      throw new IllegalStateException("the raw form exists only for Ed25519 keys");
    }
    try {
      byte[] seed =
          ASN1OctetString.getInstance(
                  PrivateKeyInfo.getInstance(key.privateKey()).parsePrivateKey())
              .getOctets();
      return Base64.getEncoder().encodeToString(seed) + "\n";
    } catch (IOException e) {
      // The key was parsed when it was made; never print it.
      throw new DkimKeyException("Ed25519 key " + key.selector() + ": not a PKCS#8 key");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in PKCS#8 (opendkim-genkey writes PKCS#1). */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1, String where) {
    try {
      RSAPrivateKey rsa = RSAPrivateKey.getInstance(pkcs1);
      return new PrivateKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa)
          .getEncoded();
    } catch (IOException | RuntimeException e) {
      throw new DkimKeyException(where + ": not a PKCS#1 RSA private key");
    }
  }
}
