package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.records.DkimPublicRecord;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Throwaway DKIM keys for {@code plan}: real keys of the right size so the records look exactly as they will, but
 * never stored; the operator and {@code push} make the keys that count.
 */
final class PlanKeys {
  private PlanKeys() {}

  static List<DkimPublicRecord> throwaway(List<String> algorithms) {
    List<DkimPublicRecord> out = new ArrayList<>();
    for (String alg : algorithms) {
      try {
        out.add(new DkimPublicRecord("plan-" + alg.replace("-", ""), txtValue(alg)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot generate a throwaway " + alg + " key", e);
      }
    }
    return out;
  }

  private static String txtValue(String alg) throws GeneralSecurityException {
    if (alg.equals("ed25519")) {
      byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
      // RFC 8463 3: p= is the raw 32-byte public key, the tail of the SubjectPublicKeyInfo.
      byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
      return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw);
    }
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(alg.equals("rsa-1024") ? 1024 : 2048);
    return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(gen.generateKeyPair().getPublic().getEncoded());
  }
}
