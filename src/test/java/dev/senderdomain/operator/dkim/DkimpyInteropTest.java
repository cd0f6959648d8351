package dev.senderdomain.operator.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our keys, records and signatures against dkimpy (Debian's python3-dkim and python3-nacl,
 * installed if missing), an independent DKIM implementation: it verifies what we sign against our
 * record, and we verify what it signs with the keys as the Secret holds them (RSA via {@code
 * <selector>.pkcs1.key}).
 */
class DkimpyInteropTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final byte[] MESSAGE =
      String.join(
              "\r\n",
              "From: Shop <shop@shop.example.com>",
              "To: a@example.net",
              "Subject: order  42",
              "",
              "Thanks for your order.  ",
              "",
              "")
          .getBytes(StandardCharsets.US_ASCII);

  @TempDir static Path dir;
  private static Path script;

  @BeforeAll
  static void dkimpy() throws Exception {
    if (run(List.of(PYTHON, "-c", "import dkim, nacl")).exit() != 0) {
      String install =
          "apt-get install -y python3-dkim python3-nacl"
              + " || (apt-get update && apt-get install -y python3-dkim python3-nacl)";
      assertThat(run(List.of("sh", "-c", install)).exit()).as("installing python3-dkim").isZero();
    }
    script = dir.resolve("dkimpy.py");
    try (var in = DkimpyInteropTest.class.getResourceAsStream("/dkim/dkimpy.py")) {
      Files.write(script, in.readAllBytes());
    }
  }

  @ParameterizedTest(
      name = "dkimpy verifies our {0} signature against our record, and not a changed body")
  @EnumSource(
      value = DkimAlgorithm.class,
      names = {"RSA_2048", "ED25519"})
  void dkimpyVerifiesOurSignatures(DkimAlgorithm alg) throws Exception {
    DkimKey key = DkimKeyGenerator.production().generate("sd2026a", alg, Instant.EPOCH);
    byte[] signed =
        DkimSigner.signMessage(
            MESSAGE,
            "shop.example.com",
            "sd2026a",
            key,
            List.of("from", "to", "subject"),
            Instant.parse("2026-11-26T10:00:00Z"));
    Path txt = Files.writeString(dir.resolve(alg + ".txt"), key.publicTxtValue());
    assertThat(verify(signed, txt)).isEqualTo("pass");
    byte[] tampered =
        new String(signed, StandardCharsets.US_ASCII)
            .replace("order.", "order!")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(verify(tampered, txt)).isEqualTo("fail");
  }

  @ParameterizedTest(name = "we verify dkimpy''s {0} signature made with the Secret''s key")
  @EnumSource(
      value = DkimAlgorithm.class,
      names = {"RSA_2048", "ED25519"})
  void weVerifyDkimpySignatures(DkimAlgorithm alg) throws Exception {
    DkimKey key =
        DkimKeyGenerator.production()
            .generate("sd2026b", alg, Instant.EPOCH)
            .withState(DkimKeyState.ACTIVE, Instant.EPOCH);
    var data =
        DkimSecretCodec.encode(
                new KeyRing(List.of(key), 1, java.util.Set.of(), null), "shop.example.com")
            .data();
    // dkimpy reads PKCS#1 for RSA, and the raw 32-byte seed (base64) for Ed25519.
    String keyText =
        alg.isRsa()
            ? data.get("sd2026b.pkcs1.key")
            : Base64.getEncoder().encodeToString(Arrays.copyOfRange(key.privateKey(), 16, 48));
    Path keyFile = Files.writeString(dir.resolve(alg + ".key"), keyText);
    Path msg = Files.write(dir.resolve(alg + ".eml"), MESSAGE);
    Result r =
        run(
            List.of(
                PYTHON,
                script.toString(),
                "sign",
                msg.toString(),
                "sd2026b",
                "shop.example.com",
                keyFile.toString(),
                alg.signatureAlgorithm()));
    assertThat(r.exit()).as(r.out()).isZero();
    byte[] signed = r.out().getBytes(StandardCharsets.ISO_8859_1);
    assertThat(DkimVerifier.verify(signed, data.get("sd2026b.txt")))
        .isEqualTo(new DkimVerification(true, "verified", "shop.example.com", "sd2026b"));
  }

  private static String verify(byte[] signed, Path txt) throws Exception {
    Path msg = Files.write(Files.createTempFile(dir, "signed", ".eml"), signed);
    Result r = run(List.of(PYTHON, script.toString(), "verify", msg.toString(), txt.toString()));
    assertThat(r.exit()).as(r.out()).isZero();
    return r.out().strip();
  }

  record Result(int exit, String out) {}

  private static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1));
  }
}
