package dev.senderdomain.operator.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyPolicyTest {
  private static final Duration TTL = Duration.ofHours(1);

  @Test
  void defaultsAreRsa2048NeverRotatedAndADelayOfTwiceTheTtlButAtLeastAnHour() {
    assertThat(KeyPolicy.defaults(TTL))
        .isEqualTo(
            new KeyPolicy(
                List.of(DkimAlgorithm.RSA_2048),
                Optional.empty(),
                Duration.ofHours(2),
                Duration.ofDays(7)));
    assertThat(KeyPolicy.defaults(Duration.ofMinutes(5)).propagationDelay())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void onePolicyHasOneAlgorithmPerKeyType() {
    assertThatThrownBy(
            () ->
                new KeyPolicy(
                    List.of(DkimAlgorithm.RSA_2048, DkimAlgorithm.RSA_1024),
                    Optional.empty(),
                    Duration.ofHours(2),
                    Duration.ofDays(7)))
        .isInstanceOf(IllegalArgumentException.class);
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
}
