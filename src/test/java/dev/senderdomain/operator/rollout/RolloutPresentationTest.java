package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.records.DmarcRecordValue;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Records per ladder step, receiver explanations, the plan timeline and the status mapping. */
class RolloutPresentationTest {
  private static final DmarcOptions RUA =
      new DmarcOptions(List.of("mailto:dmarc@example.com"), List.of(), false, false, null, null);
  private static final RolloutTarget REJECT_BY_APRIL =
      new RolloutTarget(
          Instant.parse("2027-01-01T00:00:00Z"),
          DmarcPolicy.REJECT,
          Instant.parse("2027-04-01T00:00:00Z"),
          false);

  @ParameterizedTest(name = "step {0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0  | v=DMARC1; p=none; rua=mailto:dmarc@example.com",
        "1  | v=DMARC1; p=quarantine; pct=1; t=y; rua=mailto:dmarc@example.com",
        "6  | v=DMARC1; p=quarantine; pct=50; t=y; rua=mailto:dmarc@example.com",
        "7  | v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com",
        "8  | v=DMARC1; p=reject; pct=1; rua=mailto:dmarc@example.com",
        "13 | v=DMARC1; p=reject; pct=50; rua=mailto:dmarc@example.com",
        "14 | v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
      })
  void eachLadderStepRendersTheRecordTheIssueSpecifies(int index, String record) {
    assertThat(DmarcRecordValue.render(DmarcLadder.step(index), RUA)).isEqualTo(record);
  }

  @ParameterizedTest(name = "step {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0  | no action (monitoring, reports only)                    | no action (monitoring, reports only)",
        "3  | quarantines 5% of failing mail, delivers the rest       | test mode (t=y): no action, as p=none",
        "7  | quarantines all failing mail                            | quarantines all failing mail",
        "10 | rejects 5% of failing mail, quarantines the rest        | rejects all failing mail (ignores pct)",
        "14 | rejects all failing mail                                | rejects all failing mail"
      })
  void receiversAreExplainedPerStep(int index, String legacy, String rfc9989) {
    ReceiverBehaviour r = ReceiverBehaviour.of(DmarcLadder.step(index));
    assertThat(r.legacy()).isEqualTo(legacy);
    assertThat(r.rfc9989()).isEqualTo(rfc9989);
  }

  @Test
  void noStepLowersWhatAnyReceiverAppliedTheDayBefore() {
    // Rank what each receiver kind does to failing mail: 0 nothing .. 200 reject all. Must never
    // fall.
    int legacyBefore = -1;
    int modernBefore = -1;
    for (int i = 0; i <= DmarcLadder.REJECT_FULL; i++) {
      DmarcStep s = DmarcLadder.step(i);
      int legacy =
          switch (s.policy()) {
            case NONE -> 0;
            case QUARANTINE -> s.pct();
            case REJECT -> 100 + s.pct();
          };
      int modern = s.testing() ? 0 : s.policy().ordinal() * 100;
      assertThat(legacy).as("legacy at step %d", i).isGreaterThanOrEqualTo(legacyBefore);
      assertThat(modern).as("RFC 9989 at step %d", i).isGreaterThanOrEqualTo(modernBefore);
      legacyBefore = legacy;
      modernBefore = modern;
    }
  }

  @Test
  void planAtAgreesWithTheTimelineEverywhere() {
    List<RolloutTimeline.Entry> entries = RolloutTimeline.entries(REJECT_BY_APRIL, RUA);
    assertThat(entries).hasSize(15);
    assertThat(entries.get(0).at()).isNull();
    for (int i = 1; i < entries.size(); i++) {
      Instant at = Instant.parse(entries.get(i).at());
      assertThat(RolloutTimeline.entryAt(REJECT_BY_APRIL, RUA, at)).isEqualTo(entries.get(i));
      assertThat(RolloutTimeline.entryAt(REJECT_BY_APRIL, RUA, at.minusNanos(1)))
          .isEqualTo(entries.get(i - 1));
      RolloutDecision d =
          DmarcRollout.decide(
              REJECT_BY_APRIL, RolloutState.initial(), at.plus(Duration.ofHours(5)));
      assertThat(DmarcRecordValue.render(d.step(), RUA)).isEqualTo(entries.get(i).record());
    }
    String text = RolloutTimeline.text(entries);
    assertThat(text.lines()).hasSize(16);
    assertThat(text).contains("2027-02-19T00:00:00Z  v=DMARC1; p=reject; pct=1;");
  }

  @Test
  void statusRoundTripsTheState() {
    RolloutDecision d =
        DmarcRollout.decide(
            REJECT_BY_APRIL, RolloutState.initial(), Instant.parse("2027-02-20T00:00:00Z"));
    DmarcStatus s = RolloutStatus.toStatus(d, DmarcRecordValue.render(d.step(), RUA));
    assertThat(s.policy).isEqualTo("reject");
    assertThat(s.pct).isEqualTo(1);
    assertThat(s.testing).isFalse();
    assertThat(s.stage).isEqualTo("reject");
    assertThat(s.since).isEqualTo("2027-02-19T00:00:00Z");
    assertThat(s.nextStepAt).isEqualTo("2027-02-26T00:00:00Z");
    assertThat(s.expectedCompletion).isEqualTo("2027-04-01T00:00:00Z");
    assertThat(RolloutStatus.fromStatus(s)).isEqualTo(d.state());
  }

  @Test
  void unreadableStatusGivesAnUnknownState() {
    DmarcStatus s = new DmarcStatus();
    s.stepIndex = 3;
    s.since = "yesterday";
    assertThat(RolloutStatus.fromStatus(s).known()).isFalse();
    s.since = "2027-01-01T00:00:00Z";
    s.stepIndex = 15;
    assertThat(RolloutStatus.fromStatus(s).known()).isFalse();
    assertThat(RolloutStatus.fromStatus(null).known()).isFalse();
  }
}
