package dev.senderdomain.operator.dkim;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Ready-made MTA configuration fragments for the active keys, so a mail server mounts them as they
 * are.
 */
final class MtaConfig {
  private MtaConfig() {}

  /**
   * {@code opendkim-keytable} and {@code opendkim-signingtable} (OpenDKIM KeyTable/SigningTable,
   * the signing table used with {@code refile:}); {@code rspamd-dkim-signing.conf} (a {@code
   * domain} block for rspamd's {@code dkim_signing} module, one selector per active key). Keys in
   * {@code keyDir}/{@code <selector>.key}.
   */
  static Map<String, String> render(String domain, List<DkimKey> active, String keyDir) {
    StringBuilder keyTable = new StringBuilder();
    StringBuilder signingTable = new StringBuilder();
    StringBuilder rspamd = new StringBuilder();
    rspamd.append("# rspamd local.d/dkim_signing.conf fragment for ").append(domain).append('\n');
    rspamd.append("domain {\n  ").append(domain).append(" {\n    selectors [\n");
    for (DkimKey k : active) {
      String name = k.selector() + "._domainkey." + domain;
      String path = keyDir + "/" + k.selector() + ".key";
      keyTable
          .append(name)
          .append(' ')
          .append(domain)
          .append(':')
          .append(k.selector())
          .append(':')
          .append(path)
          .append('\n');
      signingTable.append("*@").append(domain).append(' ').append(name).append('\n');
      rspamd
          .append("      { path = \"")
          .append(path)
          .append("\"; selector = \"")
          .append(k.selector())
          .append("\"; }\n");
    }
    rspamd.append("    ]\n  }\n}\n");
    Map<String, String> out = new LinkedHashMap<>();
    out.put("opendkim-keytable", keyTable.toString());
    out.put("opendkim-signingtable", signingTable.toString());
    out.put("rspamd-dkim-signing.conf", rspamd.toString());
    return out;
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
