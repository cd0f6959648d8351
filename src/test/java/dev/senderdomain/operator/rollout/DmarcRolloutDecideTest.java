package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import dev.senderdomain.operator.rollout.RolloutWarning.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * decide() at every boundary, and a simulated reconciler that must publish exactly the timeline.
 */
class DmarcRolloutDecideTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
  private static final Instant TARGET_DATE = Instant.parse("2027-04-01T00:00:00Z");
  private static final RolloutTarget REJECT_BY_APRIL =
      new RolloutTarget(START, DmarcPolicy.REJECT, TARGET_DATE, false);

  @ParameterizedTest(name = "at {0}: {1} pct={2} t={3}, stage {4}, next {5}")
  @CsvSource({
    "2026-06-01T00:00:00Z,          none,       100, false, monitor,    2027-01-01T00:00:00Z",
    "2026-12-31T23:59:59.999999999Z, none,      100, false, monitor,    2027-01-01T00:00:00Z",
    "2027-01-01T00:00:00Z,          quarantine, 1,   true,  quarantine, 2027-01-08T00:00:00Z",
    "2027-01-07T23:59:59Z,          quarantine, 1,   true,  quarantine, 2027-01-08T00:00:00Z",
    "2027-01-08T00:00:00Z,          quarantine, 2,   true,  quarantine, 2027-01-15T00:00:00Z",
    "2027-02-11T23:59:59Z,          quarantine, 50,  true,  quarantine, 2027-02-12T00:00:00Z",
    "2027-02-12T00:00:00Z,          quarantine, 100, false, quarantine, 2027-02-19T00:00:00Z",
    "2027-02-19T00:00:00Z,          reject,     1,   false, reject,     2027-02-26T00:00:00Z",
    "2027-03-31T23:59:59Z,          reject,     50,  false, reject,     2027-04-01T00:00:00Z",
    "2027-04-01T00:00:00Z,          reject,     100, false, complete,   ",
    "2031-01-01T00:00:00Z,          reject,     100, false, complete,   "
  })
  void withoutStatusTheDecisionIsTheScheduleForNow(
      String now, String policy, int pct, boolean testing, String stage, String next) {
    RolloutDecision d =
        DmarcRollout.decide(REJECT_BY_APRIL, RolloutState.initial(), Instant.parse(now));
    assertThat(d.step()).isEqualTo(new DmarcStep(DmarcPolicy.parse(policy), pct, testing));
    assertThat(d.stage()).isEqualTo(stage);
    assertThat(d.nextStepAt()).isEqualTo(next == null ? null : Instant.parse(next));
    assertThat(d.expectedCompletion()).isEqualTo(TARGET_DATE);
  }

  @Test
  void aReconcilerFollowingNextStepAtPublishesExactlyTheTimelineEvenWhenLate() {
    for (RolloutTarget target :
        List.of(
            REJECT_BY_APRIL,
            new RolloutTarget(
                START.plusSeconds(34200),
                DmarcPolicy.QUARANTINE,
                START.plus(DAY.multipliedBy(9)),
                false),
            new RolloutTarget(START, DmarcPolicy.REJECT, START.plus(DAY.multipliedBy(5)), false),
            new RolloutTarget(
                Instant.parse("2028-02-20T12:00:00Z"),
                DmarcPolicy.REJECT,
                Instant.parse("2028-03-10T00:00:00Z"),
                false))) {
      List<TimelinePoint> timeline = DmarcRollout.timeline(target);
      Random lateness = new Random(42);
      RolloutState state = RolloutState.initial();
      Instant now = target.start().minus(DAY.multipliedBy(3));
      Instant lastChange = null;
      DmarcStep published = null;
      while (now.isBefore(target.targetDate().plus(DAY.multipliedBy(30)))) {
        RolloutDecision d = DmarcRollout.decide(target, state, now);
        TimelinePoint expected = DmarcRollout.stepAt(timeline, now);
        assertThat(d.step()).as("published at %s", now).isEqualTo(expected.step());
        if (published != null && !published.equals(d.step())) {
          assertThat(d.stepIndex()).isGreaterThan(state.stepIndex());
          if (lastChange != null) {
            assertThat(Duration.between(lastChange, now)).isGreaterThan(DAY.minusHours(1));
          }
          lastChange = now;
        }
        published = d.step();
        state = d.state();
        // Wake at nextStepAt, up to 50 minutes late, or at a random earlier time (resync, restart).
        Instant wake =
            d.nextStepAt() == null
                ? now.plus(DAY.multipliedBy(7))
                : lateness.nextBoolean()
                    ? d.nextStepAt().plusSeconds(lateness.nextInt(3000))
                    : now.plusSeconds(
                        1
                            + lateness.nextInt(
                                (int)
                                    Math.max(
                                        1, Duration.between(now, d.nextStepAt()).toSeconds())));
        now = wake;
      }
      assertThat(state.stepIndex()).isEqualTo(DmarcLadder.finalIndex(target.targetPolicy()));
    }
  }

  @Test
  void lostStatusResumesAtTheScheduledStepAndSaysSo() {
    Instant now = Instant.parse("2027-03-06T10:00:00Z");
    RolloutDecision d = DmarcRollout.decide(REJECT_BY_APRIL, new RolloutState(null, null), now);
    assertThat(d.step()).isEqualTo(new DmarcStep(DmarcPolicy.REJECT, 5, false));
    assertThat(d.since()).isEqualTo(Instant.parse("2027-03-05T00:00:00Z"));
    assertThat(d.has(Reason.STATE_RECOVERED)).isTrue();
    RolloutDecision garbage = DmarcRollout.decide(REJECT_BY_APRIL, new RolloutState(99, now), now);
    assertThat(garbage.step()).isEqualTo(d.step());
  }

  @Test
  void aNewResourceBeforeStartPublishesMonitoringWithoutWarnings() {
    RolloutDecision d =
        DmarcRollout.decide(REJECT_BY_APRIL, RolloutState.initial(), START.minus(DAY));
    assertThat(d.step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(d.warnings()).isEmpty();
    assertThat(d.nextStepAt()).isEqualTo(START);
  }

  @Test
  void noStartMeansMonitoringForGood() {
    RolloutDecision d =
        DmarcRollout.decide(RolloutTarget.monitorOnly(), RolloutState.initial(), START);
    assertThat(d.step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(d.nextStepAt()).isNull();
    assertThat(d.expectedCompletion()).isNull();
  }

  @Test
  void aTargetDateWindowShorterThanTwoDaysFinishesLateAndSaysSo() {
    RolloutTarget target =
        new RolloutTarget(START, DmarcPolicy.REJECT, START.plusSeconds(3600), false);
    RolloutDecision d = DmarcRollout.decide(target, RolloutState.initial(), START);
    assertThat(d.step()).isEqualTo(DmarcStep.full(DmarcPolicy.QUARANTINE));
    assertThat(d.nextStepAt()).isEqualTo(START.plus(DAY));
    assertThat(d.expectedCompletion()).isEqualTo(START.plus(DAY));
    assertThat(d.has(Reason.TARGET_DATE_MISSED)).isTrue();
  }

  @Test
  void aShortWindowIsCompressedAndSaysSo() {
    RolloutTarget target =
        new RolloutTarget(START, DmarcPolicy.REJECT, START.plus(DAY.multipliedBy(5)), false);
    RolloutDecision d = DmarcRollout.decide(target, RolloutState.initial(), START);
    assertThat(d.has(Reason.WINDOW_COMPRESSED)).isTrue();
    assertThat(d.has(Reason.TARGET_DATE_MISSED)).isFalse();
    assertThat(d.expectedCompletion()).isEqualTo(target.targetDate());
  }

  @Test
  void theLastDayOfARolloutHasNoCompressionWarningLeft() {
    RolloutDecision d =
        DmarcRollout.decide(
            REJECT_BY_APRIL,
            new RolloutState(13, Instant.parse("2027-03-26T00:00:00Z")),
            TARGET_DATE.minusSeconds(1));
    assertThat(d.warnings()).isEmpty();
    assertThat(d.nextStepAt()).isEqualTo(TARGET_DATE);
  }
}
