package dev.senderdomain.operator.records;

import static dev.senderdomain.operator.testsupport.RolloutExamples.REJECT_BY_APRIL;
import static dev.senderdomain.operator.testsupport.RolloutExamples.RUA;
import static dev.senderdomain.operator.testsupport.RolloutExamples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import dev.senderdomain.operator.rollout.RolloutState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The _dmarc record of every step, and the plan timeline built from them. */
class RolloutTimelineTest {
  @ParameterizedTest(name = "{0} {1} t={2}: {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "none       | 100 | false | v=DMARC1; p=none; rua=mailto:dmarc@example.com",
        "quarantine | 1   | true  | v=DMARC1; p=quarantine; pct=1; t=y; rua=mailto:dmarc@example.com",
        "quarantine | 50  | true  | v=DMARC1; p=quarantine; pct=50; t=y; rua=mailto:dmarc@example.com",
        "quarantine | 100 | false | v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com",
        "reject     | 1   | false | v=DMARC1; p=reject; pct=1; rua=mailto:dmarc@example.com",
        "reject     | 50  | false | v=DMARC1; p=reject; pct=50; rua=mailto:dmarc@example.com",
        "reject     | 100 | false | v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
      })
  void eachStepRendersTheRecordTheIssueSpecifies(
      String policy, int pct, boolean testing, String record) {
    assertThat(DmarcRecordValue.render(step(policy, pct, testing), RUA)).isEqualTo(record);
  }

  @Test
  void planAtAgreesWithThePlannedTimelineEverywhere() {
    Instant applied = Instant.parse("2026-11-01T00:00:00Z");
    List<TimelinePoint> points =
        DmarcRollout.timeline(REJECT_BY_APRIL, RolloutState.nothingPublished(), applied);
    assertThat(points)
        .as("applied in good time: the planned timeline")
        .isEqualTo(DmarcRollout.timeline(REJECT_BY_APRIL));
    List<RolloutTimeline.Entry> entries = RolloutTimeline.entries(points, REJECT_BY_APRIL, RUA);
    assertThat(entries).hasSize(91);
    assertThat(entries.get(0).at()).isNull();
    for (int i = 1; i < entries.size(); i++) {
      Instant at = Instant.parse(entries.get(i).at());
      assertThat(RolloutTimeline.entryAt(points, REJECT_BY_APRIL, RUA, at))
          .isEqualTo(entries.get(i));
      assertThat(RolloutTimeline.entryAt(points, REJECT_BY_APRIL, RUA, at.minusNanos(1)))
          .isEqualTo(entries.get(i - 1));
    }
    String text = RolloutTimeline.text(entries);
    assertThat(text.lines()).hasSize(92);
    assertThat(text).contains("2027-02-16T00:00:00Z  v=DMARC1; p=reject; pct=1;");
    assertThat(entries.get(90).stage()).isEqualTo("complete");
    assertThat(entries.get(45).stage()).isEqualTo("quarantine");
  }
}
