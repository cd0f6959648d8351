package dev.senderdomain.operator.dkim;

import static dev.senderdomain.operator.dkim.RingNotation.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DkimSecretCodecTest {
  private static DkimKey rsaActive;
  private static DkimKey rsaRetiring;
  private static DkimKey edActive;
  private static DkimKey rsaRevoked;
  private static KeyRing ring;

  @BeforeAll
  static void ring() {
    DkimKeyGenerator g = DkimKeyGenerator.production();
    rsaRetiring =
        g.generate("sd2026a", DkimAlgorithm.RSA_2048, T0)
            .withState(DkimKeyState.RETIRING, T0.plusSeconds(60));
    edActive = g.generate("sd2026b", DkimAlgorithm.ED25519, T0).withState(DkimKeyState.ACTIVE, T0);
    rsaActive =
        g.generate("sd2026c", DkimAlgorithm.RSA_2048, T0)
            .withState(DkimKeyState.ACTIVE, T0.plusSeconds(60));
    rsaRevoked =
        g.generate("sd2025z", DkimAlgorithm.RSA_1024, T0).withState(DkimKeyState.REVOKED, T0);
    ring =
        new KeyRing(
            List.of(rsaRevoked, rsaRetiring, edActive, rsaActive), 3, Set.of("sd2025y"), "t7");
  }

  @Test
  void roundTripsAKeyRingThroughTheSecretMaps() {
    DkimSecretContent c = DkimSecretCodec.encode(ring, "shop.example.com");
    assertThat(DkimSecretCodec.decode(c.data(), c.annotations())).isEqualTo(ring);
    KeyRing empty = KeyRing.empty();
    DkimSecretContent e = DkimSecretCodec.encode(empty, "shop.example.com");
    assertThat(DkimSecretCodec.decode(e.data(), e.annotations())).isEqualTo(empty);
  }

  @Test
  void writesTheLayoutMailServersRead() {
    Map<String, String> d = DkimSecretCodec.encode(ring, "shop.example.com").data();
    assertThat(d.keySet())
        .containsExactlyInAnyOrder(
            "sd2025z.key",
            "sd2025z.pkcs1.key",
            "sd2025z.txt",
            "sd2026a.key",
            "sd2026a.pkcs1.key",
            "sd2026a.txt",
            "sd2026b.key",
            "sd2026b.raw.key",
            "sd2026b.txt",
            "sd2026c.key",
            "sd2026c.pkcs1.key",
            "sd2026c.txt",
            "active-selector-rsa",
            "active-selector-ed25519",
            "active.key",
            "active.selector",
            "domain",
            "opendkim-keytable-rsa",
            "opendkim-signingtable-rsa",
            "opendkim-keytable-ed25519",
            "opendkim-signingtable-ed25519",
            "rspamd-dkim-signing.conf",
            "exim-dkim.conf",
            "exim-dkim-selectors");
    assertThat(d.get("sd2026c.key"))
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .isEqualTo(rsaActive.pkcs8Pem());
    assertThat(d.get("sd2026c.pkcs1.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
    assertThat(d.get("sd2026c.txt"))
        .isEqualTo(rsaActive.publicTxtValue())
        .startsWith("v=DKIM1; k=rsa; p=MIIB");
    assertThat(d.get("sd2026b.txt")).matches("v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=");
    assertThat(d.get("sd2025z.txt")).isEqualTo("v=DKIM1; k=rsa; p=");
    assertThat(d)
        .containsEntry("active-selector-rsa", "sd2026c")
        .containsEntry("active-selector-ed25519", "sd2026b")
        .containsEntry("active.selector", "sd2026c")
        .containsEntry("active.key", rsaActive.pkcs8Pem())
        .containsEntry("domain", "shop.example.com");
    // rspamd (before 3.13.2) and dkimpy read an Ed25519 key as its base64 32-byte seed: the last
    // 32 bytes of the PKCS#8 v1 encoding.
    assertThat(java.util.Base64.getMimeDecoder().decode(d.get("sd2026b.raw.key")))
        .isEqualTo(java.util.Arrays.copyOfRange(edActive.privateKey(), 16, 48));
    assertThat(d.get("sd2026b.raw.key")).matches("[A-Za-z0-9+/]{43}=\n");
  }

  @Test
  void givesOpenDkimOneTablePairPerKeyTypeBecauseOneInstanceSignsWithOneAlgorithm() {
    Map<String, String> d = DkimSecretCodec.encode(ring, "shop.example.com").data();
    assertThat(d.get("opendkim-keytable-rsa"))
        .isEqualTo(
            "sd2026c._domainkey.shop.example.com"
                + " shop.example.com:sd2026c:/etc/dkim/keys/sd2026c.key\n");
    assertThat(d.get("opendkim-signingtable-rsa"))
        .isEqualTo("*@shop.example.com sd2026c._domainkey.shop.example.com\n");
    assertThat(d.get("opendkim-keytable-ed25519"))
        .isEqualTo(
            "sd2026b._domainkey.shop.example.com"
                + " shop.example.com:sd2026b:/etc/dkim/keys/sd2026b.key\n");
    assertThat(d.get("opendkim-signingtable-ed25519"))
        .isEqualTo("*@shop.example.com sd2026b._domainkey.shop.example.com\n");
  }

  @Test
  void givesRspamdTheSenderDomainItselfAndTheEd25519KeyInTheRawForm() {
    String rspamd =
        DkimSecretCodec.encode(ring, "shop.example.com").data().get("rspamd-dkim-signing.conf");
    assertThat(rspamd)
        .contains("use_esld = false;\n")
        .contains("domain {\n  shop.example.com {\n    selectors [\n")
        .contains("      { path = \"/etc/dkim/keys/sd2026c.key\"; selector = \"sd2026c\"; }\n")
        .contains("      { path = \"/etc/dkim/keys/sd2026b.raw.key\"; selector = \"sd2026b\"; }\n");
  }

  @Test
  void givesEximOptionsThatReadTheActiveSelectorsAtEachDelivery() {
    Map<String, String> d = DkimSecretCodec.encode(ring, "shop.example.com").data();
    assertThat(d.get("exim-dkim.conf"))
        .contains(
            "dkim_domain = ${if eqi{${domain:$h_from:}}{shop.example.com}{shop.example.com}{}}\n")
        .contains("dkim_selector = ${readfile{/etc/dkim/keys/exim-dkim-selectors}{}}\n")
        .contains("dkim_private_key = /etc/dkim/keys/${dkim_selector}.key\n")
        .doesNotContain("sd2026");
    assertThat(d.get("exim-dkim-selectors")).isEqualTo("sd2026c:sd2026b");
  }

  @Test
  void adoptsASecretTheOperatorWroteReadingEachKeyOnceNotItsOtherForms() {
    Map<String, String> d = DkimSecretCodec.encode(ring, "shop.example.com").data();
    assertThat(DkimSecretCodec.adopt(d, T0).keys())
        .extracting(DkimKey::selector)
        .containsExactlyInAnyOrder("sd2026c", "sd2026b");
  }

  @Test
  void keepsTheStateInAnAnnotationWithPublicFactsOnly() {
    KeySecretSettings.Template t =
        KeySecretSettings.Template.of(
            Map.of("app", "postfix"),
            Map.of("team", "mail", DkimSecretCodec.STATE_ANNOTATION, "overridden?"));
    DkimSecretContent c = DkimSecretCodec.encode(ring, "shop.example.com", t, "/keys");
    assertThat(c.labels()).containsExactly(Map.entry("app", "postfix"));
    assertThat(c.annotations()).containsEntry("team", "mail");
    String state = c.annotations().get(DkimSecretCodec.STATE_ANNOTATION);
    assertThat(state)
        .startsWith("{\"version\":1,\"nextSelectorIndex\":3,\"rotationToken\":\"t7\"")
        .contains(
            "{\"selector\":\"sd2026c\",\"algorithm\":\"rsa-2048\",\"state\":\"ACTIVE\","
                + "\"since\":\"2026-03-01T00:01:00Z\"}")
        .doesNotContain("BEGIN")
        .doesNotContain(rsaActive.publicTxtValue().substring(20));
    assertThat(c.data().get("opendkim-keytable-rsa")).contains("/keys/sd2026c.key");
    assertThat(c.data().get("exim-dkim.conf")).contains("/keys/${dkim_selector}.key");
  }

  @Test
  void omitsActiveKeyFieldsWhenNoKeyIsActive() {
    KeyRing pending =
        new KeyRing(List.of(rsaActive.withState(DkimKeyState.PENDING, T0)), 1, Set.of(), null);
    Map<String, String> d = DkimSecretCodec.encode(pending, "shop.example.com").data();
    assertThat(d)
        .containsEntry("active-selector-rsa", "")
        .containsEntry("opendkim-keytable-rsa", "")
        .containsEntry("opendkim-signingtable-rsa", "")
        .containsEntry("opendkim-keytable-ed25519", "")
        .containsEntry("exim-dkim-selectors", "")
        .doesNotContainKeys("active.key", "active.selector");
    assertThat(d.get("rspamd-dkim-signing.conf"))
        .contains("use_esld = false;")
        .doesNotContain("domain {");
  }

  @ParameterizedTest(name = "decoding refuses {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      no state annotation       | no-annotation  | annotation senderdomain.dev/keyring: missing
      state not JSON            | bad-json       | annotation senderdomain.dev/keyring: not valid key ring JSON
      a listed key missing      | drop-key       | data key sd2026c.key: missing, but the key ring lists sd2026c
      a key not PEM             | garbage-pem    | data key sd2026c.key: not a PEM 'PRIVATE KEY' block
      a PEM not a key           | not-a-key      | data key sd2026c.key: not a PKCS#8 private key
      a key of another type     | swap-algorithm | data key sd2026c.key: holds an ed25519 key but the ring says rsa-2048
      a record not its key      | wrong-txt      | data key sd2026c.txt: does not match the private key in
      an unlisted private key   | extra-key      | data key stray.key: a private key the senderdomain.dev/keyring
      two active keys of a type | two-active     | two active rsa keys: sd2026a and sd2026c
      a future state version    | version-2      | version 2 is not supported
      """)
  void refusesBrokenSecretsNamingTheDataKey(String what, String corruption, String message) {
    DkimSecretContent c = DkimSecretCodec.encode(ring, "shop.example.com");
    Map<String, String> data = new HashMap<>(c.data());
    Map<String, String> ann = new HashMap<>(c.annotations());
    String state = ann.get(DkimSecretCodec.STATE_ANNOTATION);
    switch (corruption) {
      case "no-annotation" -> ann.clear();
      case "bad-json" -> ann.put(DkimSecretCodec.STATE_ANNOTATION, "{not json");
      case "drop-key" -> data.remove("sd2026c.key");
      case "garbage-pem" -> data.put("sd2026c.key", "hello");
      case "not-a-key" ->
          data.put("sd2026c.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
      case "swap-algorithm" -> data.put("sd2026c.key", data.get("sd2026b.key"));
      case "wrong-txt" -> data.put("sd2026c.txt", data.get("sd2026a.txt"));
      case "extra-key" -> data.put("stray.key", data.get("sd2026a.key"));
      case "two-active" ->
          ann.put(
              DkimSecretCodec.STATE_ANNOTATION,
              state.replace(
                  "\"sd2026a\",\"algorithm\":\"rsa-2048\",\"state\":\"RETIRING\"",
                  "\"sd2026a\",\"algorithm\":\"rsa-2048\",\"state\":\"ACTIVE\""));
      case "version-2" ->
          ann.put(
              DkimSecretCodec.STATE_ANNOTATION, state.replace("\"version\":1", "\"version\":2"));
      default -> throw new IllegalArgumentException(corruption);
    }
    assertThatThrownBy(() -> DkimSecretCodec.decode(data, ann))
        .isInstanceOf(DkimKeyException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> KeySecrecy.assertNoKeyMaterial(e.getMessage(), rsaActive, rsaRetiring, edActive));
  }
}
