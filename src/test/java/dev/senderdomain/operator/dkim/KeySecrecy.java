package dev.senderdomain.operator.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

/**
 * Asserts that a text holds no piece of any key's private material (in base64, PEM or hex form).
 */
final class KeySecrecy {
  private KeySecrecy() {}

  static void assertNoKeyMaterial(String text, DkimKey... keys) {
    for (DkimKey k : keys) {
      String b64 = Base64.getEncoder().encodeToString(k.privateKey());
      String pem = k.pkcs8Pem().replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
      // The tail of a PKCS#8 key is private (the header is the same for every key of a type).
      for (String s :
          new String[] {
            b64.substring(b64.length() - 24),
            pem.substring(pem.length() - 24),
            hex(k.privateKey()).substring(hex(k.privateKey()).length() - 24)
          }) {
        assertThat(text)
            .as("text must not contain key material of %s", k.selector())
            .doesNotContain(s);
      }
      if (k.algorithm().isRsa()) {
        String pkcs1 = k.pkcs1Pem().replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
        assertThat(text).doesNotContain(pkcs1.substring(pkcs1.length() - 24));
      }
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }
}
