package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nominal timeline: its shape for the documented example and its invariants over many windows.
 */
class RolloutScheduleTest {
  private static final Duration DAY = Duration.ofDays(1);

  static RolloutTarget target(String start, DmarcPolicy policy, String targetDate) {
    return new RolloutTarget(Instant.parse(start), policy, Instant.parse(targetDate), false);
  }

  @Test
  void documentedExampleStepsEverySevenDaysAndEndsExactlyOnTheTargetDate() {
    List<TimelinePoint> t =
        DmarcRollout.timeline(
            target("2027-01-01T00:00:00Z", DmarcPolicy.REJECT, "2027-04-01T00:00:00Z"));
    List<String> rows =
        t.stream().map(p -> p.at() + " " + DmarcRollout.describe(p.step())).toList();
    assertThat(rows)
        .containsExactly(
            "null p=none",
            "2027-01-01T00:00:00Z p=quarantine pct=1 t=y",
            "2027-01-08T00:00:00Z p=quarantine pct=2 t=y",
            "2027-01-15T00:00:00Z p=quarantine pct=5 t=y",
            "2027-01-22T00:00:00Z p=quarantine pct=10 t=y",
            "2027-01-29T00:00:00Z p=quarantine pct=25 t=y",
            "2027-02-05T00:00:00Z p=quarantine pct=50 t=y",
            "2027-02-12T00:00:00Z p=quarantine",
            "2027-02-19T00:00:00Z p=reject pct=1",
            "2027-02-26T00:00:00Z p=reject pct=2",
            "2027-03-05T00:00:00Z p=reject pct=5",
            "2027-03-12T00:00:00Z p=reject pct=10",
            "2027-03-19T00:00:00Z p=reject pct=25",
            "2027-03-26T00:00:00Z p=reject pct=50",
            "2027-04-01T00:00:00Z p=reject");
  }

  @Test
  void quarantineTargetHasOneStageOfSevenSteps() {
    List<TimelinePoint> t =
        DmarcRollout.timeline(
            target("2027-01-01T00:00:00Z", DmarcPolicy.QUARANTINE, "2027-01-29T00:00:00Z"));
    assertThat(t).hasSize(8);
    assertThat(t.get(7).step()).isEqualTo(DmarcStep.full(DmarcPolicy.QUARANTINE));
    assertThat(t.get(7).at()).isEqualTo(Instant.parse("2027-01-29T00:00:00Z"));
    assertThat(t).allMatch(p -> p.step().policy() != DmarcPolicy.REJECT);
  }

  @ParameterizedTest(name = "[{index}] {0} days to {1}, start {2}")
  @MethodSource("windows")
  void everyTimelineKeepsTheRolloutInvariants(int days, DmarcPolicy policy, String start) {
    Instant s = Instant.parse(start);
    RolloutTarget target =
        new RolloutTarget(
            s, policy, s.plus(DAY.multipliedBy(days)).plusSeconds(days % 5 * 3600L), false);
    List<TimelinePoint> t = DmarcRollout.timeline(target);
    assertThat(t.get(0).step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(t.get(1).at()).as("first enforcement step at start").isEqualTo(s);
    int finalIndex = DmarcLadder.finalIndex(policy);
    assertThat(t.get(t.size() - 1).stepIndex()).isEqualTo(finalIndex);
    for (int i = 1; i < t.size(); i++) {
      TimelinePoint prev = t.get(i - 1);
      TimelinePoint p = t.get(i);
      assertThat(p.stepIndex()).as("never backwards").isGreaterThan(prev.stepIndex());
      assertThat(p.step()).isEqualTo(DmarcLadder.step(p.stepIndex()));
      assertThat(Duration.between(s, p.at()).toSeconds() % DAY.toSeconds())
          .as("stable time of day")
          .isZero();
      if (i > 1) {
        assertThat(Duration.between(prev.at(), p.at()))
            .as("at most one change a day")
            .isGreaterThanOrEqualTo(DAY);
        if (p.step().policy() == prev.step().policy()) {
          assertThat(p.step().pct())
              .as("pct never falls within a stage")
              .isGreaterThan(prev.step().pct());
        }
      }
      if (p.step().policy() == DmarcPolicy.REJECT) {
        assertThat(t.subList(0, i))
            .as("reject only after quarantine at 100%")
            .anyMatch(q -> q.stepIndex() == DmarcLadder.QUARANTINE_FULL);
      }
    }
    int mandatory = DmarcLadder.stageEndsBetween(0, finalIndex);
    Instant last = t.get(t.size() - 1).at();
    if (days + 1 >= mandatory) {
      assertThat(last)
          .as("target at 100% no later than targetDate")
          .isBeforeOrEqualTo(target.targetDate());
    } else {
      assertThat(last).isEqualTo(s.plus(DAY.multipliedBy(mandatory - 1)));
    }
    if (days + 1 >= finalIndex) {
      assertThat(t).as("no step skipped when there are enough days").hasSize(finalIndex + 1);
    }
  }

  static Stream<Arguments> windows() {
    List<Arguments> out = new ArrayList<>();
    String[] starts = {"2027-01-01T00:00:00Z", "2028-02-27T09:30:00Z", "2027-12-31T23:59:59Z"};
    int[] days = {
      0, 1, 2, 3, 5, 6, 7, 8, 10, 12, 13, 14, 15, 20, 27, 30, 45, 60, 90, 91, 180, 365, 400
    };
    for (String start : starts) {
      for (int d : days) {
        out.add(Arguments.of(d, DmarcPolicy.REJECT, start));
        out.add(Arguments.of(d, DmarcPolicy.QUARANTINE, start));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} days to reject: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | q100 r100",
        "1 | q100 r100",
        "2 | q1 q100 r100",
        "5 | q1 q10 q100 r1 r10 r100",
        "12 | q1 q2 q5 q10 q25 q50 q100 r1 r2 r5 r10 r25 r100",
        "13 | q1 q2 q5 q10 q25 q50 q100 r1 r2 r5 r10 r25 r50 r100"
      })
  void shortWindowsSkipPercentagesButNeverAStageEnd(int days, String expected) {
    Instant s = Instant.parse("2027-03-01T00:00:00Z");
    List<TimelinePoint> t =
        DmarcRollout.timeline(
            new RolloutTarget(s, DmarcPolicy.REJECT, s.plus(DAY.multipliedBy(days)), false));
    String path =
        String.join(
            " ",
            t.subList(1, t.size()).stream()
                .map(
                    p -> (p.step().policy() == DmarcPolicy.QUARANTINE ? "q" : "r") + p.step().pct())
                .toList());
    assertThat(path).isEqualTo(expected);
  }

  @Test
  void leapDayIsAnOrdinaryDay() {
    List<TimelinePoint> t =
        DmarcRollout.timeline(
            target("2028-02-26T00:00:00Z", DmarcPolicy.QUARANTINE, "2028-03-03T00:00:00Z"));
    assertThat(t.stream().map(TimelinePoint::at).filter(a -> a != null).map(Instant::toString))
        .containsExactly(
            "2028-02-26T00:00:00Z",
            "2028-02-27T00:00:00Z",
            "2028-02-28T00:00:00Z",
            "2028-02-29T00:00:00Z",
            "2028-03-01T00:00:00Z",
            "2028-03-02T00:00:00Z",
            "2028-03-03T00:00:00Z");
  }

  @Test
  void changesKeepTheTimeOfDayOfStartWhateverTheTargetDateTime() {
    List<TimelinePoint> t =
        DmarcRollout.timeline(
            target("2027-05-10T09:30:00Z", DmarcPolicy.REJECT, "2027-06-30T08:00:00Z"));
    assertThat(t.subList(1, t.size())).allMatch(p -> p.at().toString().endsWith("T09:30:00Z"));
    assertThat(t.get(t.size() - 1).at()).isEqualTo(Instant.parse("2027-06-29T09:30:00Z"));
  }

  @Test
  void monitorOnlyTargetsHaveASingleMonitoringPoint() {
    assertThat(DmarcRollout.timeline(RolloutTarget.monitorOnly()))
        .containsExactly(new TimelinePoint(null, DmarcStep.MONITOR, 0));
    assertThat(
            DmarcRollout.timeline(
                target("2027-01-01T00:00:00Z", DmarcPolicy.NONE, "2027-02-01T00:00:00Z")))
        .hasSize(1);
  }
}
