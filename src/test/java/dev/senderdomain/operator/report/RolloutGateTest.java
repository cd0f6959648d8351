package dev.senderdomain.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutGateTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final GateSpecValues GATE = new GateSpecValues(98, Duration.ofDays(7), 1000);

  static ClassifiedSource src(String ip, long messages, long pass, SourceClass c) {
    return new ClassifiedSource(new SourceStats(ip, messages, pass, pass, pass, 0), c);
  }

  static ReportSummary summary(ClassifiedSource... sources) {
    long m = 0;
    long p = 0;
    for (ClassifiedSource s : sources) {
      m += s.stats().messages();
      p += s.stats().dmarcPass();
    }
    return new ReportSummary(
        "example.com",
        Duration.ofDays(7),
        NOW,
        3,
        m,
        p,
        NOW.minus(Duration.ofHours(12)),
        List.of(sources));
  }

  @ParameterizedTest(name = "expected {0}/{1} passing, unknown {2} failing -> open {3}")
  @CsvSource({
    // enough volume, rate decides
    "1000, 1000, 0,     true",
    "1000, 980,  0,     true",
    "1000, 979,  0,     false",
    "5000, 4000, 0,     false",
    // spoofers failing do not hold the rollout: that is what the stricter policy is for
    "2000, 1990, 90000, true",
    // too little mail from expected senders: no evidence, gate stays open
    "999,  0,    0,     true",
    "0,    0,    50000, true",
  })
  void holdsOnlyWhenExpectedSendersFailWithEnoughVolume(
      long expected, long pass, long unknownFailing, boolean open) {
    ReportSummary s =
        summary(
            src("192.0.2.1", expected, pass, SourceClass.EXPECTED),
            src("203.0.113.66", unknownFailing, 0, SourceClass.UNKNOWN));
    GateVerdict v = RolloutGate.evaluate(GATE, s, NOW);
    assertThat(v.open()).isEqualTo(open);
    assertThat(v.expectedMessages()).isEqualTo(expected);
  }

  @Test
  void aHeldStepNamesTheRateTheVolumeAndTheWorstExpectedSources() {
    ReportSummary s =
        summary(
            src("192.0.2.1", 5000, 5000, SourceClass.EXPECTED),
            src("192.0.2.2", 400, 100, SourceClass.EXPECTED),
            src("198.51.100.9", 300, 280, SourceClass.EXPECTED),
            src("203.0.113.5", 9000, 0, SourceClass.UNKNOWN),
            src("203.0.113.6", 800, 0, SourceClass.FORWARDER));

    GateVerdict v = RolloutGate.evaluate(GATE, s, NOW);

    assertThat(v.open()).isFalse();
    assertThat(v.expectedPassRate())
        .isCloseTo(100.0 * 5380 / 5700, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(v.message())
        .isEqualTo(
            "step held: expected senders' DMARC pass rate 94.39% (5380 of 5700 messages)"
                + " over 7d is below minPassRate 98%; worst sources: 192.0.2.2 (300 of 400 failing),"
                + " 198.51.100.9 (20 of 300 failing)");
    assertThat(v.worstSources())
        .extracting(c -> c.stats().ip())
        .containsExactly("192.0.2.2", "198.51.100.9");
  }

  @Test
  void recoversByItselfWhenTheRateRecovers() {
    ReportSummary bad = summary(src("192.0.2.1", 2000, 1900, SourceClass.EXPECTED));
    ReportSummary good = summary(src("192.0.2.1", 2000, 1990, SourceClass.EXPECTED));
    assertThat(RolloutGate.evaluate(GATE, bad, NOW).open()).isFalse();
    GateVerdict later = RolloutGate.evaluate(GATE, good, NOW.plus(Duration.ofDays(2)));
    assertThat(later.open()).isTrue();
    assertThat(later.message()).contains("99.50%", "1990 of 2000", "meets minPassRate 98%");
  }

  @Test
  void lowVolumeSaysSoAndWhenNoReportHasArrived() {
    ReportSummary none =
        new ReportSummary("example.com", Duration.ofDays(7), NOW, 0, 0, 0, null, List.of());
    assertThat(RolloutGate.evaluate(GATE, none, NOW).message())
        .contains(
            "0 messages from expected senders over 7d, fewer than minMessages 1000",
            "no report received yet");
  }

  @Test
  void noGateIsAlwaysOpen() {
    assertThat(
            RolloutGate.evaluate(
                    null, summary(src("192.0.2.1", 5000, 0, SourceClass.EXPECTED)), NOW)
                .open())
        .isTrue();
  }
}
