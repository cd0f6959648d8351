package dev.senderdomain.operator.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest(name = "[{0}] is {1} seconds")
  @CsvSource({
    "180d, 15552000",
    "48h, 172800",
    "30m, 1800",
    "90s, 90",
    "' 7d ', 604800",
    "0s, 0",
    "999999999d, 86399999913600"
  })
  void parsesANumberAndAUnit(String text, long seconds) {
    assertThat(Durations.parse("f", text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "refuses [{0}]")
  @CsvSource(
      value = {"''", "P180D", "6mo", "1w", "-7d", "1.5d", "7 d", "12", "d", "1234567890d", "NULL"},
      nullValues = "NULL")
  void refusesEverythingElseNamingTheField(String text) {
    assertThatThrownBy(() -> Durations.parse("spec.dkim.rotation.every", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.dkim.rotation.every: ")
        .hasMessageContaining("is not a duration");
  }

  @ParameterizedTest(name = "positive refuses [{0}]")
  @CsvSource({"0s", "0d"})
  void positiveRefusesZero(String text) {
    assertThatThrownBy(() -> Durations.parsePositive("gate.window", text))
        .hasMessage("gate.window: must be longer than zero");
  }

  @ParameterizedTest(name = "{0} seconds is {1}")
  @CsvSource({"604800, 7d", "129600, 36h", "5400, 90m", "45, 45s", "0, 0d"})
  void formatsTheShortestExactNotationWhichParsesBack(long seconds, String text) {
    Duration d = Duration.ofSeconds(seconds);
    assertThat(Durations.format(d)).isEqualTo(text);
    assertThat(Durations.parse("f", text)).isEqualTo(d);
  }
}
