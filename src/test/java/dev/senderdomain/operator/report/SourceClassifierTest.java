package dev.senderdomain.operator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceClassifierTest {
  static final SourceClassifier CLASSIFIER =
      SourceClassifier.of(List.of("192.0.2.0/28", "198.51.100.7", "2001:db8:1::/48"));

  @ParameterizedTest(name = "{0}: {1} msgs, dkim {2}, spf {3}, forwarded {4} -> {5}")
  @CsvSource({
    // declared ranges win, even when everything fails (a broken sender of ours is still ours)
    "192.0.2.1,       100, 0,   0,   0,  EXPECTED",
    "192.0.2.15,      100, 0,   0,   0,  EXPECTED",
    "192.0.2.16,      100, 0,   0,   0,  UNKNOWN",
    "198.51.100.7,    5,   0,   0,   5,  EXPECTED",
    "198.51.100.8,    5,   0,   0,   0,  UNKNOWN",
    "2001:db8:1:ffff::9, 3, 0,  0,   0,  EXPECTED",
    "2001:db8:2::9,   3,   0,   0,   0,  UNKNOWN",
    // SPF aligned pass: our SPF (includes too) authorises the IP
    "203.0.113.1,     100, 0,   1,   0,  EXPECTED",
    "203.0.113.1,     100, 0,   1,   50, EXPECTED",
    // a receiver said it was forwarded / a list
    "203.0.113.2,     100, 0,   0,   1,  FORWARDER",
    "203.0.113.2,     100, 90,  0,   1,  FORWARDER",
    // signs with our key most of the time: an ESP without custom return-path
    "203.0.113.3,     100, 51,  0,   0,  EXPECTED",
    // signature survives only sometimes: a relay that rewrites
    "203.0.113.4,     100, 50,  0,   0,  FORWARDER",
    "203.0.113.4,     100, 1,   0,   0,  FORWARDER",
    // nothing ties it to us
    "203.0.113.5,     100, 0,   0,   0,  UNKNOWN",
    "'',              7,   0,   0,   0,  UNKNOWN",
    "not-an-ip,       7,   0,   0,   0,  UNKNOWN",
  })
  void classifiesSources(
      String ip, long messages, long dkim, long spf, long forwarded, SourceClass expected) {
    SourceStats s = new SourceStats(ip, messages, Math.max(dkim, spf), dkim, spf, forwarded);
    assertThat(CLASSIFIER.classify(s)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "192.0.2.0/33",
        "2001:db8::/129",
        "192.0.2.0/-1",
        "example.com",
        "192.0.2.0/",
        "",
        "192.0.2.0/24/1",
        "192.0.2.256"
      })
  void refusesADeclaredSenderThatIsNotAnAddressOrRange(String bad) {
    assertThatThrownBy(() -> SourceClassifier.of(List.of(bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declared sender");
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/0, 203.0.113.9, true",
    "10.0.0.0/0, 2001:db8::1, false",
    "::/0, 2001:db8::1, true",
    "192.0.2.128/25, 192.0.2.127, false",
    "192.0.2.128/25, 192.0.2.128, true",
    "192.0.2.1, 192.0.2.1, true"
  })
  void matchesPrefixesBitExactly(String range, String ip, boolean inside) {
    assertThat(SourceClassifier.of(List.of(range)).isDeclared(ip)).isEqualTo(inside);
  }
}
