package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import dev.senderdomain.operator.rollout.RolloutWarning.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pause and resume, the report gate, and edits of the target date and policy mid-way. */
class DmarcRolloutChangesTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
  private static final Instant TARGET_DATE = Instant.parse("2027-04-01T00:00:00Z");
  private static final RolloutTarget REJECT_BY_APRIL =
      new RolloutTarget(START, DmarcPolicy.REJECT, TARGET_DATE, false);

  /** q10 since 22 January, as the schedule put it there. */
  private static final RolloutState AT_Q10 =
      new RolloutState(4, Instant.parse("2027-01-22T00:00:00Z"));

  private static RolloutTarget with(
      RolloutTarget t, DmarcPolicy policy, Instant targetDate, boolean paused) {
    return new RolloutTarget(t.start(), policy, targetDate, paused);
  }

  /** Runs decide at every nextStepAt (or daily when none) from {@code now} until {@code until}. */
  private static List<RolloutDecision> run(
      RolloutTarget target, RolloutState state, Instant now, Instant until) {
    List<RolloutDecision> out = new ArrayList<>();
    while (now.isBefore(until)) {
      RolloutDecision d = DmarcRollout.decide(target, state, now);
      out.add(d);
      state = d.state();
      now = d.nextStepAt() == null ? now.plus(DAY) : d.nextStepAt();
    }
    return out;
  }

  @Test
  void pauseHoldsTheStepInEffectAndStopsRescheduling() {
    RolloutTarget paused = with(REJECT_BY_APRIL, DmarcPolicy.REJECT, TARGET_DATE, true);
    RolloutDecision d = DmarcRollout.decide(paused, AT_Q10, Instant.parse("2027-02-20T00:00:00Z"));
    assertThat(d.stepIndex()).isEqualTo(4);
    assertThat(d.since()).isEqualTo(AT_Q10.since());
    assertThat(d.nextStepAt()).isNull();
    assertThat(d.has(Reason.PAUSED)).isTrue();
  }

  @Test
  void resumingReSpreadsTheRemainingStepsToTheTargetDateFromTheNextDailyInstant() {
    Instant resumedAt = Instant.parse("2027-02-20T14:37:00Z");
    List<RolloutDecision> run = run(REJECT_BY_APRIL, AT_Q10, resumedAt, TARGET_DATE.plus(DAY));
    RolloutDecision first = run.get(0);
    assertThat(first.stepIndex()).as("not taken off the daily grid").isEqualTo(4);
    assertThat(first.nextStepAt()).isEqualTo(Instant.parse("2027-02-21T00:00:00Z"));
    assertThat(first.expectedCompletion()).isEqualTo(TARGET_DATE);
    List<Instant> changes =
        run.stream().filter(d -> d.stepIndex() > 4).map(RolloutDecision::since).distinct().toList();
    assertThat(changes).hasSize(10);
    assertThat(changes.get(0)).isEqualTo(Instant.parse("2027-02-21T00:00:00Z"));
    assertThat(changes.get(changes.size() - 1)).isEqualTo(TARGET_DATE);
    for (int i = 1; i < changes.size(); i++) {
      assertThat(Duration.between(changes.get(i - 1), changes.get(i))).isGreaterThanOrEqualTo(DAY);
    }
    assertThat(run.stream().mapToInt(RolloutDecision::stepIndex)).isSorted();
  }

  @Test
  void resumingTooLateMovesCompletionLaterAndSaysSo() {
    Instant resumedAt = Instant.parse("2027-03-31T08:00:00Z");
    RolloutDecision d = DmarcRollout.decide(REJECT_BY_APRIL, AT_Q10, resumedAt);
    assertThat(d.stepIndex()).isEqualTo(4);
    assertThat(d.has(Reason.TARGET_DATE_MISSED)).isTrue();
    assertThat(d.expectedCompletion()).isAfter(TARGET_DATE);
    List<RolloutDecision> run =
        run(REJECT_BY_APRIL, AT_Q10, resumedAt, TARGET_DATE.plus(DAY.multipliedBy(5)));
    List<Integer> path = run.stream().map(RolloutDecision::stepIndex).distinct().toList();
    assertThat(path).as("never skips a stage end").containsExactly(4, 7, 14);
    assertThat(run.get(run.size() - 1).since()).isEqualTo(d.expectedCompletion());
  }

  @Test
  void aPausedRolloutStillStepsDownAtOnceWhenTheTargetIsLowered() {
    RolloutTarget lowered = with(REJECT_BY_APRIL, DmarcPolicy.QUARANTINE, TARGET_DATE, true);
    Instant now = Instant.parse("2027-03-20T11:00:00Z");
    RolloutDecision d =
        DmarcRollout.decide(
            lowered, new RolloutState(12, Instant.parse("2027-03-19T00:00:00Z")), now);
    assertThat(d.step()).isEqualTo(DmarcStep.full(DmarcPolicy.QUARANTINE));
    assertThat(d.since()).isEqualTo(now);
    assertThat(d.stage()).isEqualTo("complete");
    assertThat(d.has(Reason.STEPPED_DOWN)).isTrue();
  }

  @ParameterizedTest(name = "target {0} while at r25 steps down to {1}")
  @CsvSource({"quarantine, 7", "none, 0"})
  void loweringTheTargetStepsDownAtOnce(String policy, int expectedIndex) {
    Instant now = Instant.parse("2027-03-20T11:00:00Z");
    RolloutDecision d =
        DmarcRollout.decide(
            with(REJECT_BY_APRIL, DmarcPolicy.parse(policy), TARGET_DATE, false),
            new RolloutState(12, Instant.parse("2027-03-19T00:00:00Z")),
            now);
    assertThat(d.stepIndex()).isEqualTo(expectedIndex);
    assertThat(d.nextStepAt()).isNull();
    assertThat(d.has(Reason.STEPPED_DOWN)).isTrue();
  }

  @Test
  void raisingTheTargetAfterCompletionContinuesAtTheNextDailyInstant() {
    RolloutTarget raised =
        with(REJECT_BY_APRIL, DmarcPolicy.REJECT, Instant.parse("2027-06-01T00:00:00Z"), false);
    RolloutState quarantineDone = new RolloutState(7, Instant.parse("2027-02-12T00:00:00Z"));
    RolloutDecision d =
        DmarcRollout.decide(raised, quarantineDone, Instant.parse("2027-04-10T15:00:00Z"));
    assertThat(d.stepIndex()).isEqualTo(7);
    assertThat(d.nextStepAt()).isEqualTo(Instant.parse("2027-04-11T00:00:00Z"));
    RolloutDecision next = DmarcRollout.decide(raised, d.state(), d.nextStepAt());
    assertThat(next.step()).isEqualTo(new DmarcStep(DmarcPolicy.REJECT, 1, false));
    assertThat(next.expectedCompletion()).isEqualTo(raised.targetDate());
  }

  @Test
  void movingTheTargetDateLaterNeverGoesBackwards() {
    RolloutTarget later =
        with(REJECT_BY_APRIL, DmarcPolicy.REJECT, Instant.parse("2027-12-01T00:00:00Z"), false);
    Instant now = Instant.parse("2027-01-25T00:00:00Z");
    RolloutDecision d = DmarcRollout.decide(later, AT_Q10, now);
    assertThat(d.stepIndex()).isEqualTo(4);
    assertThat(d.nextStepAt()).isAfter(Instant.parse("2027-01-29T00:00:00Z"));
    assertThat(d.expectedCompletion()).isEqualTo(later.targetDate());
  }

  @Test
  void movingTheTargetDateEarlierCompressesFromTheCurrentStep() {
    RolloutTarget sooner =
        with(REJECT_BY_APRIL, DmarcPolicy.REJECT, Instant.parse("2027-01-28T00:00:00Z"), false);
    Instant now = Instant.parse("2027-01-22T06:00:00Z");
    List<RolloutDecision> run = run(sooner, AT_Q10, now, Instant.parse("2027-02-01T00:00:00Z"));
    assertThat(run.get(0).has(Reason.WINDOW_COMPRESSED)).isTrue();
    List<Integer> path = run.stream().map(RolloutDecision::stepIndex).distinct().toList();
    assertThat(path.get(0)).isEqualTo(4);
    assertThat(path).isSorted().contains(7, 14);
    assertThat(run.get(run.size() - 1).since()).isBeforeOrEqualTo(sooner.targetDate());
  }

  @Test
  void aHeldGateKeepsTheStepAndLooksAgainAtTheNextDailyInstant() {
    Instant due = Instant.parse("2027-02-19T00:00:00Z");
    RolloutState atQ100 = new RolloutState(7, Instant.parse("2027-02-12T00:00:00Z"));
    RolloutDecision held =
        DmarcRollout.decide(
            REJECT_BY_APRIL, atQ100, GateStatus.held("pass rate 91% < 98%"), due.plusSeconds(20));
    assertThat(held.stepIndex()).isEqualTo(7);
    assertThat(held.since()).isEqualTo(atQ100.since());
    assertThat(held.nextStepAt()).isEqualTo(due.plus(DAY));
    assertThat(held.has(Reason.GATE_HELD)).isTrue();
    assertThat(held.warnings().get(0).message()).contains("pass rate 91% < 98%");

    RolloutDecision opened =
        DmarcRollout.decide(REJECT_BY_APRIL, held.state(), GateStatus.OPEN, due.plus(DAY));
    assertThat(opened.step()).isEqualTo(new DmarcStep(DmarcPolicy.REJECT, 1, false));
    assertThat(opened.since()).isEqualTo(due.plus(DAY));
    assertThat(opened.expectedCompletion()).isEqualTo(TARGET_DATE);
  }

  @Test
  void aHeldGateWarnsAheadButKeepsTheScheduleWhileNoStepIsDue() {
    RolloutDecision d =
        DmarcRollout.decide(
            REJECT_BY_APRIL,
            AT_Q10,
            GateStatus.held("reports say no"),
            Instant.parse("2027-01-25T00:00:00Z"));
    assertThat(d.stepIndex()).isEqualTo(4);
    assertThat(d.has(Reason.GATE_HELD)).isTrue();
    assertThat(d.nextStepAt()).isEqualTo(Instant.parse("2027-01-29T00:00:00Z"));
  }

  @Test
  void aHeldGateStaysReportedBetweenDailyChecks() {
    RolloutState atQ100 = new RolloutState(7, Instant.parse("2027-02-12T00:00:00Z"));
    RolloutDecision held =
        DmarcRollout.decide(
            REJECT_BY_APRIL,
            atQ100,
            GateStatus.held("pass rate low"),
            Instant.parse("2027-02-19T00:00:05Z"));
    RolloutDecision between =
        DmarcRollout.decide(
            REJECT_BY_APRIL,
            held.state(),
            GateStatus.held("pass rate low"),
            Instant.parse("2027-02-19T13:00:00Z"));
    assertThat(between.stepIndex()).isEqualTo(7);
    assertThat(between.has(Reason.GATE_HELD)).isTrue();
    assertThat(between.nextStepAt()).isEqualTo(Instant.parse("2027-02-20T00:00:00Z"));
  }

  @Test
  void aHeldGateNeverBlocksAStepDown() {
    RolloutDecision d =
        DmarcRollout.decide(
            with(REJECT_BY_APRIL, DmarcPolicy.NONE, TARGET_DATE, false),
            AT_Q10,
            GateStatus.held("reports say no"),
            Instant.parse("2027-01-25T00:00:00Z"));
    assertThat(d.step()).isEqualTo(DmarcStep.MONITOR);
  }

  @Test
  void movingStartLaterHoldsTheStepInsteadOfGoingBack() {
    RolloutTarget postponed =
        new RolloutTarget(
            Instant.parse("2027-03-01T00:00:00Z"),
            DmarcPolicy.REJECT,
            Instant.parse("2027-06-01T00:00:00Z"),
            false);
    RolloutDecision d =
        DmarcRollout.decide(postponed, AT_Q10, Instant.parse("2027-01-25T00:00:00Z"));
    assertThat(d.stepIndex()).isEqualTo(4);
    assertThat(d.nextStepAt()).isEqualTo(postponed.start());
  }

  @Test
  void theLiveTimelineStartsAtTheStepInEffectAndAgreesWithDecide() {
    Instant now = Instant.parse("2027-02-20T14:37:00Z");
    List<TimelinePoint> live = DmarcRollout.timeline(REJECT_BY_APRIL, AT_Q10, now);
    assertThat(live.get(0).stepIndex()).isEqualTo(4);
    assertThat(live.get(live.size() - 1).at()).isEqualTo(TARGET_DATE);
    RolloutState state = AT_Q10;
    for (TimelinePoint p : live.subList(1, live.size())) {
      RolloutDecision d = DmarcRollout.decide(REJECT_BY_APRIL, state, p.at());
      assertThat(d.stepIndex()).isEqualTo(p.stepIndex());
      state = d.state();
    }
  }
}
