package dev.senderdomain.operator.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Messages and Secrets are input the operator does not control. Whatever they hold, verification
 * answers pass/fail and decoding throws {@link DkimKeyException} with a message; nothing else
 * escapes. Tagged slow-fuzz (the Jazzer agent's start-up alone takes tens of seconds on a busy
 * machine): run with {@code JAZZER_FUZZ=1 mvn test -Dsurefire.excludedGroups=
 * -Dtest='DkimHostileInputFuzzTest#verifierNeverThrows'}.
 */
@org.junit.jupiter.api.Tag("slow-fuzz")
class DkimHostileInputFuzzTest {
  private static final DkimKey KEY = Rfc8463Vectors.ed25519Key();

  @FuzzTest(maxDuration = "60s")
  void verifierNeverThrows(FuzzedDataProvider data) {
    String txt =
        data.pickValue(
            new String[] {
              Rfc8463Vectors.ED25519_TXT, Rfc8463Vectors.RSA_TXT, data.consumeString(200)
            });
    byte[] message = data.consumeRemainingAsBytes();
    DkimVerification v = DkimVerifier.verify(message, txt);
    assertThat(v.reason()).isNotNull();
    if (v.pass()) {
      assertThat(v.selector()).isIn("brisbane", "test");
    }
  }

  @FuzzTest(maxDuration = "60s")
  void verifierOnRfcMessageWithAFuzzedSignatureNeverThrows(FuzzedDataProvider data) {
    String signature = data.consumeRemainingAsString();
    byte[] message =
        ("DKIM-Signature: "
                + signature
                + "\r\n"
                + Rfc8463Vectors.MESSAGE.substring(Rfc8463Vectors.MESSAGE.indexOf("From:")))
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(DkimVerifier.verify(message, Rfc8463Vectors.ED25519_TXT).reason()).isNotNull();
  }

  @FuzzTest(maxDuration = "60s")
  void adoptAndDecodeOnlyThrowTheirOwnException(FuzzedDataProvider data) {
    String name = data.consumeString(20);
    String value = data.consumeString(3000);
    String state = data.consumeRemainingAsString();
    try {
      DkimSecretCodec.adopt(Map.of(name + ".key", value), Instant.EPOCH);
    } catch (DkimKeyException e) {
      assertThat(e.getMessage())
          .isNotBlank()
          .doesNotContain(value.length() > 40 ? value : "\u0000never");
    }
    try {
      DkimSecretCodec.decode(
          Map.of("sd2026a.key", KEY.pkcs8Pem(), name + ".key", value),
          Map.of(DkimSecretCodec.STATE_ANNOTATION, state));
    } catch (DkimKeyException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
