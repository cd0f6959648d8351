package dev.senderdomain.operator.rollout;

import static dev.senderdomain.operator.testsupport.RolloutExamples.REJECT_BY_APRIL;
import static dev.senderdomain.operator.testsupport.RolloutExamples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Receiver explanations per step, and no step of a timeline lowering any receiver's protection. */
class RolloutPresentationTest {
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
}
