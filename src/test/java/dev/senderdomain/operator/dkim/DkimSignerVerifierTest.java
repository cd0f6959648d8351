package dev.senderdomain.operator.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DkimSignerVerifierTest {
  private static final List<String> H =
      List.of("from", "to", "subject", "date", "message-id", "from", "subject");
  private static final String UNSIGNED =
      String.join(
          "\r\n",
          "From: Joe <joe@shop.example.com>",
          "To: Suzie <suzie@example.net>",
          "Subject:  Is   dinner\r\n\tready?",
          "Date: Fri, 11 Jul 2003 21:00:37 -0700",
          "Message-ID: <1@shop.example.com>",
          "",
          "Hi.  ",
          "",
          "We lost the game.",
          "",
          "");
  private static DkimKey rsa;
  private static DkimKey ed;

  @BeforeAll
  static void keys() {
    DkimKeyGenerator g = DkimKeyGenerator.production();
    rsa = g.generate("sd2026a", DkimAlgorithm.RSA_2048, Instant.EPOCH);
    ed = g.generate("sd2026b", DkimAlgorithm.ED25519, Instant.EPOCH);
  }

  @Test
  void bodyHashOfTheRfc8463MessageIsTheRfcs() {
    DkimCanonicalizer.Message m = DkimCanonicalizer.split(Rfc8463Vectors.message());
    byte[] bh = DkimSigner.sha256(DkimCanonicalizer.bytes(DkimCanonicalizer.relaxedBody(m.body())));
    assertThat(Base64.getEncoder().encodeToString(bh))
        .isEqualTo("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
  }

  @ParameterizedTest(name = "signature {0} of RFC 8463 appendix A is reproduced byte for byte")
  @CsvSource({"0, ed25519", "1, rsa"})
  void reproducesTheRfc8463SignaturesByteForByte(int index, String keyType) {
    DkimCanonicalizer.Message m = DkimCanonicalizer.split(Rfc8463Vectors.message());
    String field = DkimVerifier.signatureFields(Rfc8463Vectors.message()).get(index);
    String published = field.substring(field.lastIndexOf("b=") + 2).replaceAll("\\s", "");
    String withoutB = field.substring(0, field.lastIndexOf("b=") + 2);
    List<String> names =
        List.of("from", "to", "subject", "date", "message-id", "from", "subject", "date");
    byte[] data =
        DkimCanonicalizer.bytes(DkimCanonicalizer.signedHeaderData(m.headers(), names, withoutB));
    DkimKey key = keyType.equals("rsa") ? Rfc8463Vectors.rsaKey() : Rfc8463Vectors.ed25519Key();
    assertThat(Base64.getEncoder().encodeToString(DkimSigner.signData(key, data)))
        .isEqualTo(published);
  }

  @Test
  void verifiesBothRfc8463SignaturesAgainstTheRfcRecords() {
    assertThat(DkimVerifier.verify(Rfc8463Vectors.message(), Rfc8463Vectors.ED25519_TXT))
        .isEqualTo(new DkimVerification(true, "verified", "football.example.com", "brisbane"));
    assertThat(DkimVerifier.verify(Rfc8463Vectors.message(), Rfc8463Vectors.RSA_TXT))
        .isEqualTo(new DkimVerification(true, "verified", "football.example.com", "test"));
  }

  @Test
  void theRfcKeysPublishTheRfcRecords() {
    assertThat(Rfc8463Vectors.ed25519Key().publicTxtValue()).isEqualTo(Rfc8463Vectors.ED25519_TXT);
    assertThat(Rfc8463Vectors.rsaKey().publicTxtValue()).isEqualTo(Rfc8463Vectors.RSA_TXT);
    assertThat(Rfc8463Vectors.rsaKey().algorithm()).isEqualTo(DkimAlgorithm.RSA_1024);
  }

  @Test
  void rfc8463MessageWithAChangedSubjectFailsBothSignatures() {
    byte[] tampered =
        Rfc8463Vectors.MESSAGE
            .replace("Is dinner ready?", "Is lunch ready?")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(DkimVerifier.verify(tampered, Rfc8463Vectors.ED25519_TXT).pass()).isFalse();
    assertThat(DkimVerifier.verify(tampered, Rfc8463Vectors.RSA_TXT).reason())
        .contains("does not verify");
  }

  @ParameterizedTest(name = "a message signed with a generated {0} key verifies against its record")
  @CsvSource({"rsa", "ed25519"})
  void signThenVerify(String type) {
    DkimKey key = type.equals("rsa") ? rsa : ed;
    byte[] signed =
        DkimSigner.signMessage(
            bytes(UNSIGNED),
            "Shop.Example.com",
            key.selector(),
            key,
            H,
            Instant.parse("2026-11-26T10:00:00Z"));
    DkimVerification v = DkimVerifier.verify(signed, key.publicTxtValue());
    assertThat(v)
        .isEqualTo(new DkimVerification(true, "verified", "shop.example.com", key.selector()));
    assertThat(new String(signed, StandardCharsets.US_ASCII))
        .contains("t=1795687200;")
        .contains("a=" + key.algorithm().signatureAlgorithm() + ";");
  }

  @ParameterizedTest(name = "relaxed canonicalization survives: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "refolded header|Subject:  Is   dinner\\r\\n\\tready?|Subject: Is dinner ready?",
        "trailing whitespace on a body line|Hi.  \\r\\n|Hi.\\r\\n",
        "extra empty lines at the end|We lost the game.\\r\\n\\r\\n|We lost the game.\\r\\n\\r\\n\\r\\n\\r\\n",
        "a Received header added in transit|From: Joe|Received: from relay by mx\\r\\nFrom: Joe"
      })
  void relaxedChangesStillVerify(String what, String fromEscaped, String toEscaped) {
    String from = unescape(fromEscaped);
    String to = unescape(toEscaped);
    byte[] signed =
        DkimSigner.signMessage(bytes(UNSIGNED), "shop.example.com", "sd2026a", rsa, H, null);
    byte[] changed = bytes(new String(signed, StandardCharsets.ISO_8859_1).replace(from, to));
    assertThat(changed).isNotEqualTo(signed);
    assertThat(DkimVerifier.verify(changed, rsa.publicTxtValue()).pass()).isTrue();
  }

  @ParameterizedTest(name = "a forgery fails: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "changed body|We lost the game.|We won the game.|body hash mismatch",
        "appended line|We lost the game.\\r\\n|We lost the game.\\r\\nP.S. send money\\r\\n|body hash mismatch",
        "second From on top|From: Joe|From: Mallory <m@evil.example>\\r\\nFrom: Joe|does not verify",
        "changed To|To: Suzie|To: Mallory|does not verify"
      })
  void tamperedMessagesFail(String what, String fromEscaped, String toEscaped, String reason) {
    String from = unescape(fromEscaped);
    String to = unescape(toEscaped);
    for (DkimKey key : List.of(rsa, ed)) {
      byte[] signed =
          DkimSigner.signMessage(bytes(UNSIGNED), "shop.example.com", key.selector(), key, H, null);
      byte[] changed = bytes(new String(signed, StandardCharsets.ISO_8859_1).replace(from, to));
      DkimVerification v = DkimVerifier.verify(changed, key.publicTxtValue());
      assertThat(v.pass()).as(key.algorithm().toString()).isFalse();
      assertThat(v.reason()).contains(reason);
    }
  }

  @Test
  void aRevokedRecordAndAnotherKeyFail() {
    byte[] signed =
        DkimSigner.signMessage(bytes(UNSIGNED), "shop.example.com", "sd2026a", rsa, H, null);
    assertThat(DkimVerifier.verify(signed, DkimTxtRecord.revoked(DkimAlgorithm.RSA_2048)).reason())
        .contains("revoked");
    DkimKey other =
        DkimKeyGenerator.production().generate("x", DkimAlgorithm.RSA_2048, Instant.EPOCH);
    assertThat(DkimVerifier.verify(signed, other.publicTxtValue()).pass()).isFalse();
    assertThat(DkimVerifier.verify(signed, ed.publicTxtValue()).reason())
        .contains("no DKIM-Signature for a ed25519");
  }

  @Test
  void bareLineFeedsAreSignedAsCrlf() {
    byte[] lf = bytes(UNSIGNED.replace("\r\n", "\n"));
    byte[] signed = DkimSigner.signMessage(lf, "shop.example.com", "sd2026b", ed, H, null);
    assertThat(
            DkimVerifier.verify(
                    bytes(new String(signed, StandardCharsets.ISO_8859_1).replace("\r\n", "\n")),
                    ed.publicTxtValue())
                .pass())
        .isTrue();
  }

  @Test
  void refusesToSignWithoutFrom() {
    assertThatThrownBy(
            () ->
                DkimSigner.sign(bytes(UNSIGNED), "shop.example.com", "s", rsa, List.of("to"), null))
        .hasMessageContaining("From");
  }

  @ParameterizedTest(name = "relaxed header {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SubJect :  a \\t b  \\r\\n\\t c  |subject:a b c",
        "From:Joe|from:Joe",
        "X-Empty:   |x-empty:"
      })
  void relaxedHeaderCanonicalization(String raw, String canonical) {
    assertThat(DkimCanonicalizer.relaxedHeader(unescape(raw))).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "relaxed body [{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "' a  \\t b \\r\\n\\r\\n\\r\\n'|' a b\\r\\n'",
        "''|''",
        "'\\r\\n\\r\\n'|''",
        "'no break'|'no break\\r\\n'"
      })
  void relaxedBodyCanonicalization(String body, String canonical) {
    assertThat(DkimCanonicalizer.relaxedBody(unescape(body))).isEqualTo(unescape(canonical));
  }

  /** CSV rows cannot hold CR/LF/TAB; they are written as backslash escapes. */
  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
