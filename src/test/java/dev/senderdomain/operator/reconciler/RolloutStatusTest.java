package dev.senderdomain.operator.reconciler;

import static dev.senderdomain.operator.testsupport.RolloutExamples.REJECT_BY_APRIL;
import static dev.senderdomain.operator.testsupport.RolloutExamples.RUA;
import static dev.senderdomain.operator.testsupport.RolloutExamples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.records.DmarcRecordValue;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code status.dmarc} from a rollout decision and back. */
class RolloutStatusTest {
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

  @Test
  void aStepEntersTheHistoryOnceWhenPublishedAndTheOldestGoBeyondAHundred() {
    DmarcStatus none = published("2026-12-01T10:00:00Z", "none", "v=DMARC1; p=none");
    var history = RolloutStatus.withPublished(null, none);
    assertThat(RolloutStatus.withPublished(history, none)).as("unchanged step").hasSize(1);
    DmarcStatus q1 = published("2026-12-09T00:00:00Z", "quarantine", "v=DMARC1; p=quarantine");
    history = RolloutStatus.withPublished(history, q1);
    assertThat(history)
        .extracting(h -> h.since + " " + h.record)
        .containsExactly(
            "2026-12-01T10:00:00Z v=DMARC1; p=none", "2026-12-09T00:00:00Z v=DMARC1; p=quarantine");
    for (int i = 0; i < 150; i++) {
      history =
          RolloutStatus.withPublished(
              history, published("2027-01-01T00:00:00Z", "quarantine", "v=DMARC1; r" + i));
    }
    assertThat(history).hasSize(RolloutStatus.HISTORY);
    assertThat(history.get(history.size() - 1).record).isEqualTo("v=DMARC1; r149");
  }

  private static DmarcStatus published(String since, String policy, String record) {
    DmarcStatus d = new DmarcStatus();
    d.since = since;
    d.policy = policy;
    d.pct = 100;
    d.testing = false;
    d.record = record;
    return d;
  }
}
