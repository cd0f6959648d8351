package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.records.DmarcRecordValue;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code status.dmarc} from a rollout decision and back. */
class RolloutStatusTest {
  private static final DmarcOptions RUA =
      new DmarcOptions(List.of("mailto:dmarc@example.com"), List.of(), false, false, null, null);
  private static final RolloutTarget REJECT_BY_APRIL =
      new RolloutTarget(
          Instant.parse("2027-01-01T00:00:00Z"),
          DmarcPolicy.REJECT,
          Instant.parse("2027-04-01T00:00:00Z"),
          false);

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
