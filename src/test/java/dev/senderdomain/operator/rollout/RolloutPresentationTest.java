package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.records.DmarcRecordValue;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Records per step, receiver explanations, the plan timeline and the status mapping. */
class RolloutPresentationTest {
  private static final DmarcOptions RUA =
      new DmarcOptions(List.of("mailto:dmarc@example.com"), List.of(), false, false, null, null);
  private static final RolloutTarget REJECT_BY_APRIL =
      new RolloutTarget(
          Instant.parse("2027-01-01T00:00:00Z"),
          DmarcPolicy.REJECT,
          Instant.parse("2027-04-01T00:00:00Z"),
          false);

  private static DmarcStep step(String policy, int pct, boolean testing) {
    return DmarcStep.of(DmarcPolicy.parse(policy), pct, testing);
  }

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

  @ParameterizedTest(name = "{0} {1} t={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "none       | 100 | false | no action (monitoring, reports only)                | no action (monitoring, reports only)",
        "quarantine | 5   | true  | quarantines 5% of failing mail, delivers the rest   | test mode (t=y): no action, as p=none",
        "quarantine | 100 | false | quarantines all failing mail                        | quarantines all failing mail",
        "reject     | 5   | false | rejects 5% of failing mail, quarantines the rest    | rejects all failing mail (ignores pct)",
        "reject     | 100 | false | rejects all failing mail                            | rejects all failing mail"
      })
  void receiversAreExplainedPerStep(
      String policy, int pct, boolean testing, String legacy, String rfc9989) {
    ReceiverBehaviour r = ReceiverBehaviour.of(step(policy, pct, testing));
    assertThat(r.legacy()).isEqualTo(legacy);
    assertThat(r.rfc9989()).isEqualTo(rfc9989);
  }

  @Test
  void noStepOfTheDefaultTimelineLowersWhatAnyReceiverAppliedTheDayBefore() {
    List<TimelinePoint> t = DmarcRollout.timeline(REJECT_BY_APRIL);
    for (int i = 1; i < t.size(); i++) {
      Protection.assertNotLower(t.get(i - 1).step(), t.get(i).step(), "step " + i);
    }
    // The levels themselves: each kind's rank rises through the stages of docs/rollout.md.
    assertThat(ReceiverBehaviour.legacyLevel(step("quarantine", 50, true))).isEqualTo(50);
    assertThat(ReceiverBehaviour.legacyLevel(step("reject", 1, false))).isEqualTo(101);
    assertThat(ReceiverBehaviour.rfc9989Most(step("quarantine", 50, true))).isZero();
    assertThat(ReceiverBehaviour.rfc9989Least(DmarcStep.full(DmarcPolicy.QUARANTINE))).isEqualTo(1);
    assertThat(ReceiverBehaviour.rfc9989Least(step("reject", 1, true))).isZero();
    assertThat(ReceiverBehaviour.rfc9989Most(step("reject", 1, true))).isEqualTo(1);
    assertThat(ReceiverBehaviour.rfc9989Least(step("reject", 1, false))).isEqualTo(2);
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

  @Test
  void statusRoundTripsThePublishedStep() {
    RolloutDecision d =
        DmarcRollout.decide(
            REJECT_BY_APRIL,
            new RolloutState(step("reject", 4, false), Instant.parse("2027-02-19T00:00:00Z")),
            Instant.parse("2027-02-20T00:00:00Z"));
    DmarcStatus s = RolloutStatus.toStatus(d, DmarcRecordValue.render(d.step(), RUA));
    assertThat(s.policy).isEqualTo("reject");
    assertThat(s.pct).isEqualTo(5);
    assertThat(s.testing).isFalse();
    assertThat(s.stage).isEqualTo("reject");
    assertThat(s.since).isEqualTo("2027-02-20T00:00:00Z");
    assertThat(s.nextStepAt).isEqualTo("2027-02-21T00:00:00Z");
    assertThat(s.expectedCompletion).isEqualTo("2027-04-01T00:00:00Z");
    assertThat(s.stepIndex).as("no longer written").isNull();
    assertThat(RolloutStatus.fromStatus(s)).isEqualTo(d.state());
  }

  @Test
  void unreadableStatusGivesNoStepAndAnUnreadableSinceIsUnknown() {
    DmarcStatus s = new DmarcStatus();
    assertThat(RolloutStatus.fromStatus(s).known()).isFalse();
    assertThat(RolloutStatus.fromStatus(null).known()).isFalse();
    s.policy = "sometimes";
    s.stepIndex = 15;
    assertThat(RolloutStatus.fromStatus(s).known()).isFalse();
    s.policy = "quarantine";
    s.pct = 250;
    assertThat(RolloutStatus.fromStatus(s).known()).isFalse();
    s.pct = 10;
    s.testing = true;
    s.since = "yesterday";
    assertThat(RolloutStatus.fromStatus(s))
        .isEqualTo(new RolloutState(step("quarantine", 10, true), null));
    RolloutDecision d =
        DmarcRollout.decide(
            REJECT_BY_APRIL, RolloutStatus.fromStatus(s), Instant.parse("2027-02-20T10:00:00Z"));
    assertThat(d.step()).isEqualTo(step("quarantine", 10, true));
    assertThat(d.since()).isEqualTo(Instant.parse("2027-02-20T10:00:00Z"));
    assertThat(Duration.between(d.since(), d.nextStepAt())).isGreaterThan(Duration.ofDays(1));
  }
}
