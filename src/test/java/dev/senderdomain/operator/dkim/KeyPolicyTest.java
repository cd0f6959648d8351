package dev.senderdomain.operator.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyPolicyTest {
  private static final Duration TTL = Duration.ofHours(1);

  @ParameterizedTest(name = "{0} is {1} seconds")
  @CsvSource({"180d, 15552000", "48h, 172800", "30m, 1800", "90s, 90", " 7d , 604800"})
  void parsesDurations(String text, long seconds) {
    assertThat(KeyPolicy.parse("f", text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "refuses duration [{0}]")
  @CsvSource(
      value = {"''", "6mo", "1w", "-1d", "0d", "12", "NULL"},
      nullValues = "NULL")
  void refusesBadDurationsNamingTheField(String text) {
    assertThatThrownBy(() -> KeyPolicy.parse("spec.dkim.rotation.every", text))
        .hasMessageStartingWith("spec.dkim.rotation.every: ");
  }

  @Test
  void defaultsWithoutASpec() {
    KeyPolicy p = KeyPolicy.fromSpec(null, TTL);
    assertThat(p)
        .isEqualTo(
            new KeyPolicy(
                List.of(DkimAlgorithm.RSA_2048),
                Optional.empty(),
                Duration.ofHours(2),
                Duration.ofDays(7)));
    assertThat(KeyPolicy.fromSpec(null, Duration.ofMinutes(5)).propagationDelay())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void defaultsWithAnEmptyRotation() {
    DkimSpec spec = spec("rsa-2048,ed25519", null, null, null);
    spec.rotation = new DkimSpec.RotationSpec();
    KeyPolicy p = KeyPolicy.fromSpec(spec, Duration.ofHours(6));
    assertThat(p.every()).contains(Duration.ofDays(180));
    assertThat(p.propagationDelay()).isEqualTo(Duration.ofHours(12));
    assertThat(p.retireAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(p.algorithmFor("ed25519")).contains(DkimAlgorithm.ED25519);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      unknown algorithm   | rsa-4096          | 180d | 2h  | 7d  | spec.dkim.algorithms[0]: unknown DKIM algorithm
      two RSA algorithms  | rsa-2048,rsa-1024 | 180d | 2h  | 7d  | spec.dkim.algorithms: rsa-2048 and rsa-1024 are
      bad every           | rsa-2048          | 6mo  | 2h  | 7d  | spec.dkim.rotation.every: '6mo' is not a
      bad delay           | rsa-2048          | 180d | 2x  | 7d  | spec.dkim.rotation.propagationDelay: '2x' is not a
      bad retireAfter     | rsa-2048          | 180d | 2h  | -7d | spec.dkim.rotation.retireAfter: '-7d' is not a
      delay under 2x TTL  | rsa-2048          | 180d | 90m | 7d  | spec.dkim.rotation.propagationDelay: 90m is less
      every too short     | rsa-2048          | 5d   | 2h  | 7d  | spec.dkim.rotation.every: 5d must be longer
      """)
  void refusesBadSpecsNamingTheField(
      String what, String algs, String every, String delay, String retire, String message) {
    assertThatThrownBy(() -> KeyPolicy.fromSpec(spec(algs, every, delay, retire), TTL))
        .isInstanceOf(DkimKeyException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "algorithm {0}: k={1}, {2} bits")
  @CsvSource({
    "rsa-2048, rsa, 2048, rsa-sha256",
    "RSA-1024, rsa, 1024, rsa-sha256",
    "ed25519, ed25519, 256, ed25519-sha256"
  })
  void algorithms(String name, String keyType, int bits, String signature) {
    DkimAlgorithm a = DkimAlgorithm.fromSpec(name);
    assertThat(a.keyType()).isEqualTo(keyType);
    assertThat(a.bits()).isEqualTo(bits);
    assertThat(a.signatureAlgorithm()).isEqualTo(signature);
    assertThat(a.toString()).isEqualTo(name.toLowerCase());
  }

  @ParameterizedTest(name = "annotation [{0}] is token {1}, emergency {2}")
  @CsvSource(
      value = {
        "renew-1, renew-1, false",
        "emergency:leak, emergency:leak, true",
        "' ', NULL, false",
        "NULL, NULL, false"
      },
      nullValues = "NULL")
  void rotationRequestFromTheAnnotation(String value, String token, boolean emergency) {
    assertThat(RotationRequest.fromAnnotation(value))
        .isEqualTo(new RotationRequest(token, emergency));
  }

  private static DkimSpec spec(String algs, String every, String delay, String retire) {
    DkimSpec s = new DkimSpec();
    s.algorithms = Arrays.asList(algs.split(","));
    if (every != null || delay != null || retire != null) {
      s.rotation = new DkimSpec.RotationSpec();
      s.rotation.every = every;
      s.rotation.propagationDelay = delay;
      s.rotation.retireAfter = retire;
    }
    return s;
  }
}
