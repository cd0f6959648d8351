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

/**
 * Pause and resume, the report gate, and edits of the target date, policy, percent and steps
 * mid-way. Most cases walk the sparse ladder 1, 2, 5, 10, 25, 50, 100 (a steps list) so the dates
 * stay readable; the rules are the same for the daily curve.
 */
class DmarcRolloutChangesTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
  private static final Instant TARGET_DATE = Instant.parse("2027-04-01T00:00:00Z");
  private static final RolloutTarget REJECT_BY_APRIL =
      new RolloutTarget(START, DmarcPolicy.REJECT, TARGET_DATE, false)
          .withSteps(RolloutScheduleTest.OLD_LADDER);
  private static final DmarcStep Q10 = new DmarcStep(DmarcPolicy.QUARANTINE, 10, true);
  private static final DmarcStep Q100 = DmarcStep.full(DmarcPolicy.QUARANTINE);

  /** q10 since 22 January, as the schedule put it there. */
  private static final RolloutState AT_Q10 =
      new RolloutState(Q10, Instant.parse("2027-01-22T00:00:00Z"));

  private static DmarcStep step(String policy, int pct, boolean testing) {
    return DmarcStep.of(DmarcPolicy.parse(policy), pct, testing);
  }

  private static RolloutTarget with(RolloutTarget t, DmarcPolicy policy, Instant targetDate) {
    return t.withTarget(policy, t.targetPercent(), targetDate);
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

  private static List<DmarcStep> path(List<RolloutDecision> run) {
    return run.stream().map(RolloutDecision::step).distinct().toList();
  }

  @Test
  void pauseHoldsTheStepInEffectAndStopsRescheduling() {
    RolloutTarget paused = REJECT_BY_APRIL.withPaused(true);
    RolloutDecision d = DmarcRollout.decide(paused, AT_Q10, Instant.parse("2027-02-20T00:00:00Z"));
    assertThat(d.step()).isEqualTo(Q10);
    assertThat(d.since()).isEqualTo(AT_Q10.since());
    assertThat(d.nextStepAt()).isNull();
    assertThat(d.has(Reason.PAUSED)).isTrue();
  }

  @Test
  void resumingReSpreadsTheRemainingStepsToTheTargetDateFromTheNextDailyInstant() {
    Instant resumedAt = Instant.parse("2027-02-20T14:37:00Z");
    List<RolloutDecision> run = run(REJECT_BY_APRIL, AT_Q10, resumedAt, TARGET_DATE.plus(DAY));
    RolloutDecision first = run.get(0);
    assertThat(first.step()).as("not taken off the daily grid").isEqualTo(Q10);
    assertThat(first.nextStepAt()).isEqualTo(Instant.parse("2027-02-21T00:00:00Z"));
    assertThat(first.expectedCompletion()).isEqualTo(TARGET_DATE);
    List<Instant> changes =
        run.stream()
            .filter(d -> !d.step().equals(Q10))
            .map(RolloutDecision::since)
            .distinct()
            .toList();
    assertThat(changes).hasSize(10);
    assertThat(changes.get(0)).isEqualTo(Instant.parse("2027-02-21T00:00:00Z"));
    assertThat(changes.get(changes.size() - 1)).isEqualTo(TARGET_DATE);
    for (int i = 1; i < changes.size(); i++) {
      assertThat(Duration.between(changes.get(i - 1), changes.get(i))).isGreaterThanOrEqualTo(DAY);
    }
    for (int i = 1; i < run.size(); i++) {
      Protection.assertNotLower(run.get(i - 1).step(), run.get(i).step(), "resumed run");
    }
  }

  @Test
  void resumingTheDailyCurveReSpreadsItDailyToTheTargetDate() {
    RolloutTarget daily = REJECT_BY_APRIL.withSteps(List.of());
    Instant resumedAt = Instant.parse("2027-02-20T14:37:00Z");
    List<RolloutDecision> run = run(daily, AT_Q10, resumedAt, TARGET_DATE.plus(DAY));
    List<Instant> changes =
        run.stream()
            .map(RolloutDecision::since)
            .filter(t -> t.isAfter(resumedAt))
            .distinct()
            .toList();
    assertThat(changes.get(0)).isEqualTo(Instant.parse("2027-02-21T00:00:00Z"));
    assertThat(changes.get(changes.size() - 1)).isEqualTo(TARGET_DATE);
    // 40 days for 90 + 100 possible steps: a change every day.
    assertThat(changes).hasSize(40);
    assertThat(run.get(1).step().pct()).as("on from 10%").isBetween(11, 20);
  }

  @Test
  void resumingTooLateMovesCompletionLaterAndSaysSo() {
    Instant resumedAt = Instant.parse("2027-03-31T08:00:00Z");
    RolloutDecision d = DmarcRollout.decide(REJECT_BY_APRIL, AT_Q10, resumedAt);
    assertThat(d.step()).isEqualTo(Q10);
    assertThat(d.has(Reason.TARGET_DATE_MISSED)).isTrue();
    assertThat(d.expectedCompletion()).isAfter(TARGET_DATE);
    List<RolloutDecision> run =
        run(REJECT_BY_APRIL, AT_Q10, resumedAt, TARGET_DATE.plus(DAY.multipliedBy(5)));
    assertThat(path(run))
        .as("never skips a stage end")
        .containsExactly(Q10, Q100, DmarcStep.full(DmarcPolicy.REJECT));
    assertThat(run.get(run.size() - 1).since()).isEqualTo(d.expectedCompletion());
  }

  @Test
  void aPausedRolloutStillStepsDownAtOnceWhenTheTargetIsLowered() {
    RolloutTarget lowered =
        with(REJECT_BY_APRIL, DmarcPolicy.QUARANTINE, TARGET_DATE).withPaused(true);
    Instant now = Instant.parse("2027-03-20T11:00:00Z");
    RolloutDecision d =
        DmarcRollout.decide(
            lowered,
            new RolloutState(step("reject", 25, false), Instant.parse("2027-03-19T00:00:00Z")),
            now);
    assertThat(d.step()).isEqualTo(Q100);
    assertThat(d.since()).isEqualTo(now);
    assertThat(d.stage()).isEqualTo("complete");
    assertThat(d.has(Reason.STEPPED_DOWN)).isTrue();
  }

  @ParameterizedTest(name = "target {0} {1}% while at r25 steps down to {2}")
  @CsvSource({
    "quarantine, 100, p=quarantine",
    "quarantine, 40,  p=quarantine pct=40 t=y",
    "reject,     10,  p=reject pct=10",
    "none,       100, p=none"
  })
  void loweringTheTargetStepsDownAtOnce(String policy, int percent, String expected) {
    Instant now = Instant.parse("2027-03-20T11:00:00Z");
    RolloutDecision d =
        DmarcRollout.decide(
            REJECT_BY_APRIL.withTarget(DmarcPolicy.parse(policy), percent, TARGET_DATE),
            new RolloutState(step("reject", 25, false), Instant.parse("2027-03-19T00:00:00Z")),
            now);
    assertThat(d.step().describe()).isEqualTo(expected);
    assertThat(d.since()).isEqualTo(now);
    assertThat(d.nextStepAt()).isNull();
    assertThat(d.has(Reason.STEPPED_DOWN)).isTrue();
    assertThat(d.warnings().get(0).message()).contains("stepped down from p=reject pct=25");
  }

  @Test
  void raisingTheTargetPercentContinuesTheWalkFromTheStepInEffect() {
    RolloutTarget half =
        new RolloutTarget(
                START, DmarcPolicy.QUARANTINE, Instant.parse("2027-03-01T00:00:00Z"), false)
            .withTarget(DmarcPolicy.QUARANTINE, 50, Instant.parse("2027-03-01T00:00:00Z"));
    List<RolloutDecision> first =
        run(
            half,
            new RolloutState(DmarcStep.MONITOR, START.minus(DAY.multipliedBy(30))),
            START,
            Instant.parse("2027-03-10T00:00:00Z"));
    RolloutDecision done = first.get(first.size() - 1);
    assertThat(done.step()).isEqualTo(step("quarantine", 50, true));
    assertThat(done.stage()).isEqualTo("complete");
    assertThat(done.nextStepAt()).isNull();

    RolloutTarget full =
        half.withTarget(DmarcPolicy.REJECT, 100, Instant.parse("2027-06-01T00:00:00Z"));
    Instant raisedAt = Instant.parse("2027-03-10T09:00:00Z");
    List<RolloutDecision> then =
        run(full, done.state(), raisedAt, Instant.parse("2027-06-02T00:00:00Z"));
    assertThat(then.get(0).step()).as("nothing at once").isEqualTo(done.step());
    assertThat(then.get(0).nextStepAt()).isEqualTo(Instant.parse("2027-03-11T00:00:00Z"));
    assertThat(then.get(1).step().policy()).isEqualTo(DmarcPolicy.QUARANTINE);
    assertThat(then.get(1).step().pct()).as("on from 50%, not from 1%").isBetween(51, 100);
    for (int i = 1; i < then.size(); i++) {
      Protection.assertNotLower(then.get(i - 1).step(), then.get(i).step(), "raised run");
    }
    assertThat(then.get(then.size() - 1).step()).isEqualTo(DmarcStep.full(DmarcPolicy.REJECT));
    assertThat(then.get(then.size() - 1).since()).isEqualTo(full.targetDate());
  }

  @Test
  void switchingToAStepsListMidWayContinuesFromTheStepInEffect() {
    RolloutState atQ7 =
        new RolloutState(step("quarantine", 7, true), Instant.parse("2027-01-08T00:00:00Z"));
    RolloutDecision d =
        DmarcRollout.decide(REJECT_BY_APRIL, atQ7, Instant.parse("2027-01-08T12:00:00Z"));
    assertThat(d.step()).isEqualTo(atQ7.step());
    RolloutDecision next = DmarcRollout.decide(REJECT_BY_APRIL, d.state(), d.nextStepAt());
    assertThat(next.step()).isEqualTo(Q10);
  }

  @Test
  void raisingThePolicyAfterCompletionContinuesAtTheNextDailyInstant() {
    RolloutTarget raised =
        with(REJECT_BY_APRIL, DmarcPolicy.REJECT, Instant.parse("2027-06-01T00:00:00Z"));
    RolloutState quarantineDone = new RolloutState(Q100, Instant.parse("2027-02-12T00:00:00Z"));
    RolloutDecision d =
        DmarcRollout.decide(raised, quarantineDone, Instant.parse("2027-04-10T15:00:00Z"));
    assertThat(d.step()).isEqualTo(Q100);
    assertThat(d.nextStepAt()).isEqualTo(Instant.parse("2027-04-11T00:00:00Z"));
    RolloutDecision next = DmarcRollout.decide(raised, d.state(), d.nextStepAt());
    assertThat(next.step()).isEqualTo(step("reject", 1, false));
    assertThat(next.expectedCompletion()).isEqualTo(raised.targetDate());
  }

  @Test
  void movingTheTargetDateLaterNeverGoesBackwards() {
    RolloutTarget later =
        with(REJECT_BY_APRIL, DmarcPolicy.REJECT, Instant.parse("2027-12-01T00:00:00Z"));
    RolloutDecision d = DmarcRollout.decide(later, AT_Q10, Instant.parse("2027-01-25T00:00:00Z"));
    assertThat(d.step()).isEqualTo(Q10);
    assertThat(d.nextStepAt()).isAfter(Instant.parse("2027-01-29T00:00:00Z"));
    assertThat(d.expectedCompletion()).isEqualTo(later.targetDate());
  }

  @Test
  void movingTheTargetDateEarlierCompressesFromTheCurrentStep() {
    RolloutTarget sooner =
        with(REJECT_BY_APRIL, DmarcPolicy.REJECT, Instant.parse("2027-01-28T00:00:00Z"));
    Instant now = Instant.parse("2027-01-22T06:00:00Z");
    List<RolloutDecision> run = run(sooner, AT_Q10, now, Instant.parse("2027-02-01T00:00:00Z"));
    assertThat(run.get(0).has(Reason.WINDOW_COMPRESSED)).isTrue();
    List<DmarcStep> path = path(run);
    assertThat(path.get(0)).isEqualTo(Q10);
    assertThat(path).contains(Q100, DmarcStep.full(DmarcPolicy.REJECT));
    for (int i = 1; i < path.size(); i++) {
      Protection.assertNotLower(path.get(i - 1), path.get(i), "compressed");
    }
    assertThat(run.get(run.size() - 1).since()).isBeforeOrEqualTo(sooner.targetDate());
  }

  @Test
  void aHeldGateKeepsTheStepAndLooksAgainAtTheNextDailyInstant() {
    Instant due = Instant.parse("2027-02-19T00:00:00Z");
    RolloutState atQ100 = new RolloutState(Q100, Instant.parse("2027-02-12T00:00:00Z"));
    RolloutDecision held =
        DmarcRollout.decide(
            REJECT_BY_APRIL, atQ100, GateStatus.held("pass rate 91% < 98%"), due.plusSeconds(20));
    assertThat(held.step()).isEqualTo(Q100);
    assertThat(held.since()).isEqualTo(atQ100.since());
    assertThat(held.nextStepAt()).isEqualTo(due.plus(DAY));
    assertThat(held.has(Reason.GATE_HELD)).isTrue();
    assertThat(held.warnings().get(0).message()).contains("pass rate 91% < 98%");

    RolloutDecision opened =
        DmarcRollout.decide(REJECT_BY_APRIL, held.state(), GateStatus.OPEN, due.plus(DAY));
    assertThat(opened.step()).isEqualTo(step("reject", 1, false));
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
    assertThat(d.step()).isEqualTo(Q10);
    assertThat(d.has(Reason.GATE_HELD)).isTrue();
    assertThat(d.nextStepAt()).isEqualTo(Instant.parse("2027-01-29T00:00:00Z"));
  }

  @Test
  void aHeldGateStaysReportedBetweenDailyChecks() {
    RolloutState atQ100 = new RolloutState(Q100, Instant.parse("2027-02-12T00:00:00Z"));
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
    assertThat(between.step()).isEqualTo(Q100);
    assertThat(between.has(Reason.GATE_HELD)).isTrue();
    assertThat(between.nextStepAt()).isEqualTo(Instant.parse("2027-02-20T00:00:00Z"));
  }

  @Test
  void aHeldGateNeverBlocksAStepDown() {
    RolloutDecision d =
        DmarcRollout.decide(
            with(REJECT_BY_APRIL, DmarcPolicy.NONE, TARGET_DATE),
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
    assertThat(d.step()).isEqualTo(Q10);
    assertThat(d.nextStepAt()).isEqualTo(postponed.start());
  }

  @Test
  void theLiveTimelineStartsAtTheStepInEffectAndAgreesWithDecide() {
    Instant now = Instant.parse("2027-02-20T14:37:00Z");
    for (RolloutTarget target : List.of(REJECT_BY_APRIL, REJECT_BY_APRIL.withSteps(List.of()))) {
      List<TimelinePoint> live = DmarcRollout.timeline(target, AT_Q10, now);
      assertThat(live.get(0).step()).isEqualTo(Q10);
      assertThat(live.get(live.size() - 1).at()).isEqualTo(TARGET_DATE);
      RolloutState state = AT_Q10;
      for (TimelinePoint p : live.subList(1, live.size())) {
        RolloutDecision d = DmarcRollout.decide(target, state, p.at());
        assertThat(d.step()).isEqualTo(p.step());
        state = d.state();
      }
    }
  }
}
