package dev.senderdomain.operator.dkim;

import static dev.senderdomain.operator.dkim.RingNotation.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senderdomain.operator.reconciler.DkimStatusMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Key material never shows in toString(), status, plans, state annotations or exception messages.
 */
class KeyMaterialSecrecyTest {
  private static DkimKey rsa;
  private static DkimKey ed;
  private static KeyRing ring;

  @BeforeAll
  static void keys() {
    DkimKeyGenerator g = DkimKeyGenerator.production();
    rsa = g.generate("sd2026a", DkimAlgorithm.RSA_2048, T0).withState(DkimKeyState.ACTIVE, T0);
    ed = g.generate("sd2026b", DkimAlgorithm.ED25519, T0);
    ring = new KeyRing(List.of(rsa, ed), 2, Set.of(), null);
  }

  @Test
  void toStringOfKeysRingsPlansAndSecretContentHasNoKeyMaterial() {
    RotationPlan plan =
        RotationPolicy.plan(
            ring,
            RingNotation.policy("rsa-2048,ed25519/180d"),
            RotationRequest.fromAnnotation("emergency:x"),
            Set.of(),
            T0);
    DkimSecretContent content = DkimSecretCodec.encode(ring, "shop.example.com");
    String all =
        String.join(
            "\n",
            rsa.toString(),
            ed.toString(),
            ring.toString(),
            plan.toString(),
            content.toString(),
            content.annotations().toString(),
            ring.dnsEntries().toString());
    KeySecrecy.assertNoKeyMaterial(all, rsa, ed);
    assertThat(rsa.toString())
        .isEqualTo("DkimKey[sd2026a, rsa-2048, ACTIVE since 2026-03-01T00:00:00Z]");
    assertThat(content.toString()).contains("sd2026a.key").doesNotContain("BEGIN");
  }

  @Test
  void statusHoldsPublicFactsOnly() throws Exception {
    RotationPlan plan =
        RotationPolicy.plan(
            ring, RingNotation.policy("rsa-2048,ed25519/180d"), RotationRequest.NONE, Set.of(), T0);
    var status = DkimStatusMapper.toStatus(ring, plan, "shop-dkim");
    String json = new ObjectMapper().writeValueAsString(status);
    KeySecrecy.assertNoKeyMaterial(json, rsa, ed);
    assertThat(json).doesNotContain("BEGIN").doesNotContain(rsa.publicTxtValue().substring(30, 60));
  }

  @Test
  void aKeySerializedByMistakeLeavesThePrivateKeyOut() throws Exception {
    ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    String text = json.writeValueAsString(List.of(rsa, ed));
    KeySecrecy.assertNoKeyMaterial(text, rsa, ed);
    assertThat(text).contains("\"selector\":\"sd2026a\"").doesNotContain("privateKey");
  }

  @Test
  void errorsAboutBrokenKeysDoNotQuoteThem() {
    Map<String, String> data =
        new HashMap<>(DkimSecretCodec.encode(ring, "shop.example.com").data());
    String truncated = rsa.pkcs8Pem().substring(0, 400) + "\n-----END PRIVATE KEY-----\n";
    List<Runnable> failures =
        List.of(
            () -> DkimSecretCodec.adopt(Map.of("a.key", truncated), T0),
            () -> DkimSecretCodec.adopt(Map.of("a.key", rsa.pkcs8Pem().replace("\n", "\n!")), T0),
            () -> DkimSecretCodec.adopt(Map.of("Bad_Selector.key", rsa.pkcs8Pem()), T0),
            () ->
                DkimSecretCodec.adopt(Map.of("a.key", rsa.pkcs8Pem(), "b.key", rsa.pkcs8Pem()), T0),
            () -> DkimSecretCodec.adopt(Map.of("a.key", rsa.pkcs1Pem().replace("MII", "XYZ")), T0),
            () -> DkimTxtRecord.parse("v=DKIM1; k=rsa; p=" + truncated),
            () ->
                DkimSecretCodec.decode(
                    data,
                    Map.of(
                        DkimSecretCodec.STATE_ANNOTATION,
                        "{\"keys\":[{\"selector\":"
                            + "\"sd2026a\",\"algorithm\":\"ed25519\",\"state\":\"ACTIVE\",\"since\":\"2026-03-01T00:00:00Z\"}]}")));
    int thrown = 0;
    for (Runnable r : failures) {
      try {
        r.run();
      } catch (RuntimeException e) {
        thrown++;
        KeySecrecy.assertNoKeyMaterial(String.valueOf(e.getMessage()), rsa, ed);
        assertThat(e.getCause())
            .as("provider exceptions may quote input; they are not chained")
            .isNull();
      }
    }
    assertThat(thrown).isEqualTo(failures.size());
  }

  @Test
  void adoptionErrorsSayWhatToDo() {
    assertThatThrownBy(
            () ->
                DkimSecretCodec.adopt(Map.of("a.key", rsa.pkcs8Pem(), "b.key", rsa.pkcs8Pem()), T0))
        .hasMessage(
            "data keys hold 2 rsa keys ([a, b]); name the one to use in data key active-selector-rsa");
    assertThatThrownBy(() -> DkimSecretCodec.adopt(Map.of("readme", "hi"), T0))
        .hasMessageContaining("no data key named <selector>.key");
    assertThatThrownBy(
            () ->
                DkimSecretCodec.adopt(
                    Map.of(
                        "a.key",
                        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"),
                    T0))
        .hasMessage(
            "data key a.key: encrypted private keys are not supported; store it unencrypted");
    String overlapping = "-----BEGIN PRIVATE KEY-----END PRIVATE KEY-----";
    assertThatThrownBy(() -> DkimSecretCodec.adopt(Map.of("a.key", overlapping), T0))
        .as("found by fuzzing: END overlapping BEGIN")
        .hasMessage("data key a.key: not a PEM 'PRIVATE KEY' block");
    assertThatThrownBy(
            () ->
                DkimSecretCodec.adopt(
                    Map.of("a.key", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"),
                    T0))
        .as("found by fuzzing: an empty PEM body")
        .hasMessage("data key a.key: not a PKCS#8 private key");
    KeyRing chosen =
        DkimSecretCodec.adopt(
            Map.of(
                "a.key",
                rsa.pkcs8Pem(),
                "b.key",
                rsa.pkcs1Pem(),
                "active-selector-rsa",
                "b",
                "e.key",
                ed.pkcs8Pem()),
            T0);
    assertThat(RingNotation.states(chosen)).isEqualTo("b=PENDING, e=PENDING");
    assertThat(chosen.find("b").orElseThrow().publicKey()).isEqualTo(rsa.publicKey());
    KeyRing legacy =
        DkimSecretCodec.adopt(Map.of("active.key", rsa.pkcs8Pem(), "active.selector", "mail"), T0);
    assertThat(RingNotation.states(legacy)).isEqualTo("mail=PENDING");
  }
}
