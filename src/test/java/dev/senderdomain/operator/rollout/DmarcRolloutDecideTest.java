package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.reconciler.RolloutStatus;
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
 * decide() at every boundary: a new domain (nothing published), monitorFor, resuming from a
 * published record, statuses of older versions, and a simulated reconciler that must publish
 * exactly the timeline.
 */
class DmarcRolloutDecideTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
  private static final Instant TARGET_DATE = Instant.parse("2027-04-01T00:00:00Z");
  private static final RolloutTarget REJECT_BY_APRIL =
      new RolloutTarget(START, DmarcPolicy.REJECT, TARGET_DATE, false);

  /** p=none published a month before start, as a domain created in good time has it. */
  private static final RolloutState MONITORING_SINCE_DECEMBER =
      new RolloutState(DmarcStep.MONITOR, Instant.parse("2026-12-01T10:00:00Z"));

  private static DmarcStep step(String policy, int pct, boolean testing) {
    return DmarcStep.of(DmarcPolicy.parse(policy), pct, testing);
  }

  @ParameterizedTest(name = "created {0}: p=none, first step at {1}, done {2}")
  @CsvSource({
    // In good time: the ramp starts at start.
    "2026-11-01T08:00:00Z, 2027-01-01T00:00:00Z, 2027-04-01T00:00:00Z, ",
    "2026-12-25T00:00:00Z, 2027-01-01T00:00:00Z, 2027-04-01T00:00:00Z, ",
    // Less than 7 days before start: monitoring first, the ramp at the next daily instant after.
    "2026-12-28T15:00:00Z, 2027-01-05T00:00:00Z, 2027-04-01T00:00:00Z, ",
    // 40 days after start (the case): p=none for 7 days, the ramp re-spread to the date.
    "2027-02-10T10:00:00Z, 2027-02-18T00:00:00Z, 2027-04-01T00:00:00Z, ",
    // Too late for even one change a day: the expected date is said.
    "2027-03-30T10:00:00Z, 2027-04-07T00:00:00Z, 2027-04-08T00:00:00Z, TargetDateMissed",
    "2027-06-01T00:00:00Z, 2027-06-08T00:00:00Z, 2027-06-09T00:00:00Z, TargetDateMissed"
  })
  void aNewDomainPublishesMonitoringFirstAndHoldsItForMonitorFor(
      String created, String firstStep, String completion, String warning) {
    Instant now = Instant.parse(created);
    RolloutDecision d = DmarcRollout.decide(REJECT_BY_APRIL, RolloutState.nothingPublished(), now);
    assertThat(d.step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(d.stage()).isEqualTo("monitor");
    assertThat(d.since()).isEqualTo(now);
    assertThat(d.nextStepAt()).isEqualTo(Instant.parse(firstStep));
    assertThat(d.expectedCompletion()).isEqualTo(Instant.parse(completion));
    assertThat(
            d.warnings().stream()
                .map(w -> dev.senderdomain.operator.reconciler.Reason.of(w.reason()).name())
                .toList())
        .containsExactlyElementsOf(warning == null ? List.of() : List.of(warning));
    RolloutDecision next = DmarcRollout.decide(REJECT_BY_APRIL, d.state(), d.nextStepAt());
    assertThat(next.step().policy()).isEqualTo(DmarcPolicy.QUARANTINE);
    assertThat(next.since()).isEqualTo(d.nextStepAt());
    if (warning == null) {
      assertThat(next.step()).isEqualTo(step("quarantine", 1, true));
    }
  }

  @Test
  void aNewDomainWhoseStartLiesFortyDaysBackNeverStartsInTheMiddleOfTheRamp() {
    RolloutTarget target =
        new RolloutTarget(
            Instant.parse("2026-10-22T00:00:00Z"),
            DmarcPolicy.REJECT,
            Instant.parse("2027-01-20T00:00:00Z"),
            false);
    Instant created = Instant.parse("2026-12-01T10:00:00Z");
    List<TimelinePoint> points =
        DmarcRollout.timeline(target, RolloutState.nothingPublished(), created);
    assertThat(points.get(0).step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(points.get(1).at()).isEqualTo(Instant.parse("2026-12-09T00:00:00Z"));
    assertThat(points.get(1).step()).isEqualTo(step("quarantine", 1, true));
    assertThat(points.get(points.size() - 1).at()).isEqualTo(target.targetDate());
    // The schedule alone would have said q50 by now; the walk instead starts small.
    assertThat(DmarcRollout.stepAt(DmarcRollout.timeline(target), created).step())
        .isEqualTo(step("quarantine", 73, true));
  }

  @ParameterizedTest(name = "monitorFor {0}: first step at {1}")
  @CsvSource({
    "PT0S, 2027-02-11T00:00:00Z",
    "PT48H, 2027-02-13T00:00:00Z",
    "P7D, 2027-02-18T00:00:00Z",
    "P30D, 2027-03-13T00:00:00Z"
  })
  void monitorForHoldsPNoneFromWhenItWasFirstPublished(String monitorFor, String firstStep) {
    RolloutTarget target = REJECT_BY_APRIL.withMonitorFor(Duration.parse(monitorFor));
    Instant created = Instant.parse("2027-02-10T10:00:00Z");
    RolloutDecision d = DmarcRollout.decide(target, RolloutState.nothingPublished(), created);
    assertThat(d.step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(d.nextStepAt()).isEqualTo(Instant.parse(firstStep));
    // A resync in between keeps p=none and its first-published time.
    RolloutDecision later =
        DmarcRollout.decide(target, d.state(), created.plus(Duration.ofHours(1)));
    assertThat(later.since()).isEqualTo(created);
    assertThat(later.nextStepAt()).isEqualTo(Instant.parse(firstStep));
  }

  @ParameterizedTest(name = "served {0} pct={1} t={2}: held, then {3}")
  @CsvSource({
    "quarantine, 5,   true,  p=quarantine pct=6 t=y",
    "quarantine, 37,  false, p=quarantine pct=40",
    "quarantine, 0,   true,  p=quarantine pct=1 t=y",
    "quarantine, 100, true,  p=quarantine",
    "quarantine, 100, false, p=reject pct=1",
    "reject,     10,  false, p=reject pct=11",
    "reject,     10,  true,  p=reject pct=11",
    "reject,     100, true,  p=reject"
  })
  void aRecordReadBackFromDnsIsWhereTheWalkResumesNeverLowered(
      String policy, int pct, boolean testing, String next) {
    Instant now = Instant.parse("2027-02-10T10:00:00Z");
    DmarcStep served = step(policy, pct, testing);
    RolloutDecision d = DmarcRollout.decide(REJECT_BY_APRIL, RolloutState.published(served), now);
    assertThat(d.step()).as("nothing changes at once").isEqualTo(served);
    assertThat(d.since()).isEqualTo(now);
    assertThat(d.has(Reason.STATE_RECOVERED)).isTrue();
    assertThat(d.warnings().get(0).message()).contains(served.describe());
    assertThat(d.nextStepAt())
        .as("a whole day after the next daily instant at the earliest")
        .isAfterOrEqualTo(Instant.parse("2027-02-12T00:00:00Z"));
    RolloutDecision then = DmarcRollout.decide(REJECT_BY_APRIL, d.state(), d.nextStepAt());
    assertThat(then.step().describe()).isEqualTo(next);
    Protection.assertNotLower(served, then.step(), "resumed");
  }

  @Test
  void aServedPNoneWithUnknownAgeIsMonitoredForTheWholePeriodFromNow() {
    Instant now = Instant.parse("2027-02-10T10:00:00Z");
    RolloutDecision d =
        DmarcRollout.decide(REJECT_BY_APRIL, RolloutState.published(DmarcStep.MONITOR), now);
    assertThat(d.step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(d.warnings()).isEmpty();
    assertThat(d.nextStepAt()).isEqualTo(Instant.parse("2027-02-18T00:00:00Z"));
  }

  @ParameterizedTest(name = "old stepIndex {0} since {1}: {2}")
  @CsvSource({
    "0,  2026-12-01T10:00:00Z, p=none",
    "4,  2027-01-22T00:00:00Z, p=quarantine pct=10 t=y",
    "7,  2027-02-12T00:00:00Z, p=quarantine",
    "10, 2027-03-05T00:00:00Z, p=reject pct=5",
    "14, 2027-04-01T00:00:00Z, p=reject"
  })
  void aStatusOfAnOlderVersionWithOnlyAStepIndexResumesAtTheStepItPublished(
      int index, String since, String step) {
    DmarcStatus old = new DmarcStatus();
    old.stepIndex = index;
    old.since = since;
    RolloutState state = RolloutStatus.fromStatus(old);
    assertThat(state.step().describe()).isEqualTo(step);
    assertThat(state.since()).isEqualTo(Instant.parse(since));
    // Decided a few days on (between two changes of the old weekly ladder): no step up or down.
    Instant now = Instant.parse(since).plus(Duration.ofDays(3)).plusSeconds(7200);
    RolloutDecision d = DmarcRollout.decide(REJECT_BY_APRIL, state, now);
    assertThat(d.step()).isEqualTo(state.step());
    assertThat(d.since()).isEqualTo(state.since());
    assertThat(d.warnings())
        .noneMatch(w -> w.reason() == Reason.STEPPED_DOWN || w.reason() == Reason.STATE_RECOVERED);
    if (d.nextStepAt() != null) {
      RolloutDecision next = DmarcRollout.decide(REJECT_BY_APRIL, d.state(), d.nextStepAt());
      Protection.assertNotLower(state.step(), next.step(), "after the upgrade");
      assertThat(next.step()).isNotEqualTo(state.step());
      assertThat(next.since()).isEqualTo(d.nextStepAt());
    }
    // A status written by an older version also had the step itself: the same state.
    old.policy = state.step().policy().tag();
    old.pct = state.step().pct();
    old.testing = state.step().testing();
    assertThat(RolloutStatus.fromStatus(old)).isEqualTo(state);
  }

  @Test
  void aReconcilerFollowingNextStepAtPublishesExactlyTheTimelineEvenWhenLate() {
    for (RolloutTarget target :
        List.of(
            REJECT_BY_APRIL,
            REJECT_BY_APRIL.withSteps(RolloutScheduleTest.OLD_LADDER),
            REJECT_BY_APRIL.withTarget(DmarcPolicy.QUARANTINE, 50, TARGET_DATE),
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
      RolloutState state =
          new RolloutState(DmarcStep.MONITOR, target.start().minus(DAY.multipliedBy(30)));
      Instant now = target.start().minus(DAY.multipliedBy(3));
      Instant lastChange = null;
      DmarcStep published = DmarcStep.MONITOR;
      while (now.isBefore(target.targetDate().plus(DAY.multipliedBy(30)))) {
        RolloutDecision d = DmarcRollout.decide(target, state, now);
        TimelinePoint expected = DmarcRollout.stepAt(timeline, now);
        assertThat(d.step()).as("published at %s", now).isEqualTo(expected.step());
        if (!published.equals(d.step())) {
          Protection.assertNotLower(published, d.step(), now.toString());
          if (lastChange != null) {
            assertThat(Duration.between(lastChange, now)).isGreaterThan(DAY.minusHours(1));
          }
          lastChange = now;
        }
        published = d.step();
        state = d.state();
        // Wake at nextStepAt, up to 50 minutes late, or at a random earlier time (resync, restart).
        now =
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
      }
      assertThat(new RolloutPath(target).isFinal(state.step())).isTrue();
    }
  }

  @Test
  void noStartMeansMonitoringForGood() {
    RolloutDecision d =
        DmarcRollout.decide(RolloutTarget.monitorOnly(), RolloutState.nothingPublished(), START);
    assertThat(d.step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(d.nextStepAt()).isNull();
    assertThat(d.expectedCompletion()).isNull();
  }

  @Test
  void aTargetDateWindowShorterThanTwoDaysFinishesLateAndSaysSo() {
    RolloutTarget target =
        new RolloutTarget(START, DmarcPolicy.REJECT, START.plusSeconds(3600), false);
    RolloutDecision d = DmarcRollout.decide(target, MONITORING_SINCE_DECEMBER, START);
    assertThat(d.step()).isEqualTo(DmarcStep.full(DmarcPolicy.QUARANTINE));
    assertThat(d.nextStepAt()).isEqualTo(START.plus(DAY));
    assertThat(d.expectedCompletion()).isEqualTo(START.plus(DAY));
    assertThat(d.has(Reason.TARGET_DATE_MISSED)).isTrue();
    assertThat(d.warnings().get(0).message()).contains("expected at " + START.plus(DAY));
  }

  @Test
  void aShortWindowIsCompressedAndSaysSo() {
    RolloutTarget target =
        new RolloutTarget(START, DmarcPolicy.REJECT, START.plus(DAY.multipliedBy(5)), false);
    RolloutDecision d = DmarcRollout.decide(target, MONITORING_SINCE_DECEMBER, START);
    assertThat(d.has(Reason.WINDOW_COMPRESSED)).isTrue();
    assertThat(d.has(Reason.TARGET_DATE_MISSED)).isFalse();
    assertThat(d.warnings().get(0).message()).contains("more than double");
    assertThat(d.expectedCompletion()).isEqualTo(target.targetDate());
  }

  @Test
  void theLastDayOfARolloutHasNoCompressionWarningLeft() {
    RolloutDecision d =
        DmarcRollout.decide(
            REJECT_BY_APRIL,
            new RolloutState(step("reject", 94, false), Instant.parse("2027-03-31T00:00:00Z")),
            TARGET_DATE.minusSeconds(1));
    assertThat(d.warnings()).isEmpty();
    assertThat(d.nextStepAt()).isEqualTo(TARGET_DATE);
  }
}
