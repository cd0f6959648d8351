package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.records.DmarcRecordValue;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.records.RolloutTimeline;
import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code plan --at} and the operator over whole timelines: the plan's table (built once, when the
 * domain is applied) must give, at every instant, the record a reconciler publishes when it wakes
 * at its own nextStepAt (late, early, or restarted), for every kind of timeline.
 */
class PlanAgreementTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final DmarcOptions RUA =
      new DmarcOptions(List.of("mailto:dmarc@example.com"), List.of(), false, false, null, null);
  private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");

  static Stream<Arguments> timelines() {
    RolloutTarget byApril =
        new RolloutTarget(START, DmarcPolicy.REJECT, Instant.parse("2027-04-01T00:00:00Z"), false);
    return Stream.of(
        Arguments.of("default daily, applied in good time", byApril, "2026-12-01T10:00:00Z"),
        Arguments.of("default daily, applied 40 days late", byApril, "2027-02-10T10:00:00Z"),
        Arguments.of(
            "steps list",
            byApril.withSteps(RolloutScheduleTest.OLD_LADDER),
            "2026-12-01T10:00:00Z"),
        Arguments.of(
            "quarantine 50%",
            byApril.withTarget(DmarcPolicy.QUARANTINE, 50, Instant.parse("2027-03-01T00:00:00Z")),
            "2026-12-20T00:00:00Z"),
        Arguments.of(
            "compressed",
            byApril.withTarget(DmarcPolicy.REJECT, 100, Instant.parse("2027-01-06T00:00:00Z")),
            "2026-12-01T10:00:00Z"),
        Arguments.of(
            "target date missed",
            byApril.withTarget(DmarcPolicy.REJECT, 100, Instant.parse("2027-01-06T00:00:00Z")),
            "2027-01-03T10:00:00Z"),
        Arguments.of(
            "no monitoring asked, 09:30 start",
            new RolloutTarget(
                Instant.parse("2027-05-10T09:30:00Z"),
                DmarcPolicy.REJECT,
                Instant.parse("2027-06-30T08:00:00Z"),
                false,
                80,
                List.of(),
                Duration.ZERO),
            "2027-05-20T17:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("timelines")
  void planAtGivesTheRecordTheOperatorPublishesAtEveryInstant(
      String name, RolloutTarget target, String applied) {
    Instant now = Instant.parse(applied);
    List<TimelinePoint> points =
        DmarcRollout.timeline(target, RolloutState.nothingPublished(), now);
    List<RolloutTimeline.Entry> table = RolloutTimeline.entries(points, target, RUA);
    assertThat(table.get(0).record()).startsWith("v=DMARC1; p=none");
    Random wake = new Random(name.hashCode());
    RolloutState state = RolloutState.nothingPublished();
    Instant end = target.targetDate().plus(DAY.multipliedBy(20));
    int checked = 0;
    while (now.isBefore(end)) {
      RolloutDecision d = DmarcRollout.decide(target, state, now);
      RolloutTimeline.Entry planned = RolloutTimeline.entryAt(points, target, RUA, now);
      assertThat(DmarcRecordValue.render(d.step(), RUA))
          .as("at %s", now)
          .isEqualTo(planned.record());
      assertThat(d.stage()).as("at %s", now).isEqualTo(planned.stage());
      Instant next =
          table.stream()
              .map(RolloutTimeline.Entry::at)
              .filter(a -> a != null && Instant.parse(a).isAfter(d.since()))
              .map(Instant::parse)
              .findFirst()
              .orElse(null);
      assertThat(d.nextStepAt()).as("next change at %s", now).isEqualTo(next);
      state = d.state();
      checked++;
      now =
          d.nextStepAt() == null
              ? now.plus(DAY)
              : switch (wake.nextInt(3)) {
                case 0 -> d.nextStepAt();
                case 1 -> d.nextStepAt().plusSeconds(wake.nextInt(3000));
                default ->
                    now.plusSeconds(
                        1 + wake.nextInt((int) Duration.between(now, d.nextStepAt()).toSeconds()));
              };
    }
    assertThat(checked).isGreaterThanOrEqualTo(table.size() - 1);
    assertThat(new RolloutPath(target).isFinal(state.step())).isTrue();
  }
}
