package dev.senderdomain.operator.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.DmarcLadder;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The _dmarc record of every ladder step, and the plan timeline built from them. */
class RolloutTimelineTest {
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
}
