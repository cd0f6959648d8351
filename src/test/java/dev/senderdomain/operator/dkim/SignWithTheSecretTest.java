package dev.senderdomain.operator.dkim;

import static dev.senderdomain.operator.dkim.RingNotation.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an MTA sees: it reads the active key from the Secret the way a sidecar would (plain fields,
 * PEM), signs, and a receiver verifies against the record in DNS, before, during and after a
 * rotation.
 */
class SignWithTheSecretTest {
  private static final byte[] MESSAGE =
      String.join(
              "\r\n",
              "From: shop@shop.example.com",
              "To: a@example.net",
              "Subject: order 42",
              "",
              "Thanks for your order.",
              "")
          .getBytes(StandardCharsets.US_ASCII);

  @Test
  void mailSignedWithTheActiveKeyVerifiesThroughARotationUntilTheOldKeyIsRevoked() {
    DkimWorld world = new DkimWorld(RingNotation.policy("rsa-2048,ed25519/180d"));
    world.converge(at("0"));
    byte[] rsaBefore = signAsMta(world, "rsa", at("0"));
    byte[] edBefore = signAsMta(world, "ed25519", at("0"));
    assertThat(receiverVerifies(world, rsaBefore)).isTrue();
    assertThat(receiverVerifies(world, edBefore)).isTrue();

    world.converge(at("180d"));
    assertThat(world.secretData.get("active-selector-rsa"))
        .as("old key signs during the delay")
        .isEqualTo("sd2026a");
    world.converge(at("180d+2h"));
    assertThat(world.secretData.get("active-selector-rsa")).isEqualTo("sd2026c");
    assertThat(receiverVerifies(world, signAsMta(world, "rsa", at("180d+2h")))).isTrue();
    assertThat(receiverVerifies(world, signAsMta(world, "ed25519", at("180d+2h")))).isTrue();
    assertThat(receiverVerifies(world, rsaBefore)).as("mail in flight, old RETIRING key").isTrue();

    world.converge(at("187d+2h"));
    assertThat(receiverVerifies(world, rsaBefore)).as("old key revoked").isFalse();
    assertThat(receiverVerifies(world, edBefore)).as("old key revoked").isFalse();
  }

  /** A sidecar: no parsing beyond reading two files. */
  private static byte[] signAsMta(DkimWorld world, String type, Instant now) {
    String selector = world.secretData.get("active-selector-" + type);
    String pem = world.secretData.get(selector + ".key");
    DkimKey key =
        DkimKey.fromPkcs8(
            selector,
            DkimKeyState.ACTIVE,
            now,
            KeyMaterial.fromPem(pem, "PRIVATE KEY", selector + ".key"),
            selector + ".key");
    if (type.equals("rsa")) {
      assertThat(world.secretData.get("active.key")).isEqualTo(pem);
    }
    return DkimSigner.signMessage(
        MESSAGE,
        world.secretData.get("domain"),
        selector,
        key,
        List.of("from", "to", "subject"),
        now);
  }

  /** A receiver: looks up s= in DNS and verifies. */
  private static boolean receiverVerifies(DkimWorld world, byte[] signed) {
    String field = DkimVerifier.signatureFields(signed).get(0);
    String selector = DkimTxtRecord.tags(field.substring(field.indexOf(':') + 1)).get("s");
    String txt = world.dns.get(selector);
    return txt != null && DkimVerifier.verify(signed, txt).pass();
  }
}
