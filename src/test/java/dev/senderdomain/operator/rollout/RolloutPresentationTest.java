package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Receiver explanations per ladder step, and no step lowering any receiver's protection. */
class RolloutPresentationTest {
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
}
