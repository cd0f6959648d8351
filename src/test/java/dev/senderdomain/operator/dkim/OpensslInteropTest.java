package dev.senderdomain.operator.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our PEMs against the real {@code openssl} binary (Debian's openssl package; installed if
 * missing), both ways: OpenSSL reads what we write and derives the same public key, and we adopt
 * what OpenSSL generates.
 */
class OpensslInteropTest {
  @TempDir static Path dir;

  @BeforeAll
  static void openssl() throws Exception {
    if (run(List.of("sh", "-c", "command -v openssl")).exit() != 0) {
      String install =
          "apt-get install -y openssl || (apt-get update && apt-get install -y openssl)";
      assertThat(run(List.of("sh", "-c", install)).exit()).as("installing openssl").isZero();
    }
  }

  @ParameterizedTest(
      name = "openssl reads our {0} key from the {1} generator and derives our public key")
  @CsvSource({
    "RSA_2048, JDK",
    "RSA_2048, BOUNCY_CASTLE",
    "RSA_1024, JDK",
    "ED25519, JDK",
    "ED25519, BOUNCY_CASTLE"
  })
  void opensslReadsOurPkcs8Keys(DkimAlgorithm alg, DkimKeyGenerator.Provider provider)
      throws Exception {
    DkimKey key = DkimKeyGenerator.using(provider).generate("sd2026a", alg, Instant.EPOCH);
    Path pem = write(alg + "-" + provider + ".key", key.pkcs8Pem());
    assertThat(run(List.of("openssl", "pkey", "-in", pem.toString(), "-noout")).exit()).isZero();
    Result pub = run(List.of("openssl", "pkey", "-in", pem.toString(), "-pubout"));
    assertThat(pub.exit()).isZero();
    assertThat(pub.out()).isEqualTo(key.publicKeyPem());
    if (alg == DkimAlgorithm.ED25519) {
      // PKCS#8 v1 (RFC 8410 section 7): version 0 and no [1] public key attribute.
      Result asn1 = run(List.of("openssl", "asn1parse", "-in", pem.toString()));
      assertThat(asn1.out()).contains("INTEGER           :00").doesNotContain("cont [ 1 ]");
    }
  }

  @ParameterizedTest(name = "openssl reads our PKCS#1 PEM")
  @EnumSource(
      value = DkimAlgorithm.class,
      names = {"RSA_2048", "RSA_1024"})
  void opensslReadsOurPkcs1Keys(DkimAlgorithm alg) throws Exception {
    DkimKey key = DkimKeyGenerator.production().generate("sd2026a", alg, Instant.EPOCH);
    Path pem = write(alg + ".pkcs1.key", key.pkcs1Pem());
    assertThat(run(List.of("openssl", "rsa", "-in", pem.toString(), "-check", "-noout")).out())
        .contains("RSA key ok");
    assertThat(run(List.of("openssl", "pkey", "-in", pem.toString(), "-pubout")).out())
        .isEqualTo(key.publicKeyPem());
  }

  @ParameterizedTest(name = "we adopt a key openssl generated: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ed25519 PKCS#8|genpkey -algorithm ed25519 -out OUT|ed25519",
        "RSA-2048 PKCS#8|genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:2048 -out OUT|rsa-2048",
        "RSA-2048 PKCS#1 (opendkim-genkey style)|genrsa -traditional -out OUT 2048|rsa-2048"
      })
  void adoptsKeysOpensslGenerated(String what, String command, String algorithm) throws Exception {
    Path pem = dir.resolve("byok-" + algorithm + "-" + what.length() + ".pem");
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(command.replace("OUT", pem.toString()).split(" ")));
    assertThat(run(cmd).exit()).isZero();
    String text = Files.readString(pem);
    assertThat(text)
        .startsWith(
            what.contains("PKCS#1") ? "-----BEGIN RSA PRIVATE KEY" : "-----BEGIN PRIVATE KEY");
    KeyRing adopted = DkimSecretCodec.adopt(Map.of("mail2024.key", text), Instant.EPOCH);
    DkimKey key = adopted.keys().get(0);
    assertThat(key.selector()).isEqualTo("mail2024");
    assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.fromSpec(algorithm));
    assertThat(key.state()).isEqualTo(DkimKeyState.PENDING);
    assertThat(run(List.of("openssl", "pkey", "-in", pem.toString(), "-pubout")).out())
        .isEqualTo(key.publicKeyPem());
  }

  private static Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  record Result(int exit, String out) {}

  private static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
