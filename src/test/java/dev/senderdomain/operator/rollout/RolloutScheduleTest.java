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
 * The planned timeline ({@code p=none} published long enough before start): the daily curve, a
 * steps list, target percentages and short windows, and the invariants over many windows.
 */
class RolloutScheduleTest {
  static final Duration DAY = Duration.ofDays(1);
  static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
  static final List<Integer> OLD_LADDER = List.of(1, 2, 5, 10, 25, 50, 100);

  static RolloutTarget target(String start, DmarcPolicy policy, String targetDate) {
    return new RolloutTarget(Instant.parse(start), policy, Instant.parse(targetDate), false);
  }

  static RolloutTarget days(int days, DmarcPolicy policy, int percent, List<Integer> steps) {
    return new RolloutTarget(
        START,
        policy,
        START.plus(DAY.multipliedBy(days)),
        false,
        percent,
        steps,
        RolloutTarget.DEFAULT_MONITOR_FOR);
  }

  /** q1 q2 .. q100 r1 .. r100: the path of a timeline without its monitoring point. */
  static String path(List<TimelinePoint> t) {
    return String.join(
        " ",
        t.subList(1, t.size()).stream()
            .map(p -> p.step().policy().tag().charAt(0) + "" + p.step().pct())
            .toList());
  }

  @Test
  void theDefaultTimelineChangesTheRecordEveryDayOnACurveAndReachesRejectOnTheTargetDate() {
    List<TimelinePoint> t =
        DmarcRollout.timeline(
            target("2027-01-01T00:00:00Z", DmarcPolicy.REJECT, "2027-04-01T00:00:00Z"));
    // 90 days, 91 daily instants: the record changes on 90 of them; the spare day goes to 1%.
    assertThat(t).hasSize(91);
    assertThat(t.get(1).at()).isEqualTo(START);
    assertThat(t.get(1).step()).isEqualTo(new DmarcStep(DmarcPolicy.QUARANTINE, 1, true));
    assertThat(t.get(2).at()).isEqualTo(START.plus(DAY.multipliedBy(2)));
    for (int i = 3; i < t.size(); i++) {
      assertThat(Duration.between(t.get(i - 1).at(), t.get(i).at())).isEqualTo(DAY);
    }
    assertThat(path(t))
        .startsWith("q1 q2 q3 q4 q5 q6 q7 q8 q9 q10 q11 ")
        .contains(" q83 q89 q95 q100 r1 r2 r3 ")
        .endsWith(" r78 r83 r88 r94 r100");
    assertThat(t.get(t.size() - 1).at()).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
    assertThat(t.get(t.size() - 1).step()).isEqualTo(DmarcStep.full(DmarcPolicy.REJECT));
    assertThat(t)
        .as("the two stages share the window")
        .filteredOn(p -> p.step().equals(DmarcStep.full(DmarcPolicy.QUARANTINE)))
        .singleElement()
        .extracting(TimelinePoint::at)
        .isEqualTo(Instant.parse("2027-02-15T00:00:00Z"));
  }

  @Test
  void aStepsListWalksExactlyThoseStepsSpreadOverTheWindow() {
    List<TimelinePoint> t = DmarcRollout.timeline(days(90, DmarcPolicy.REJECT, 100, OLD_LADDER));
    List<String> rows = t.stream().map(p -> p.at() + " " + p.step().describe()).toList();
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

  @ParameterizedTest(name = "{0} {1}% steps [{2}] in {3} days ends at {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "quarantine | 50  |                         | 60 | p=quarantine pct=50 t=y | 50",
        "quarantine | 100 |                         | 60 | p=quarantine            | 61",
        "reject     | 50  |                         | 90 | p=reject pct=50         | 91",
        "reject     | 1   |                         | 90 | p=reject pct=1          | 91",
        "quarantine | 50  | 1,2,5,10,25,50,100      | 60 | p=quarantine pct=50 t=y | 6",
        "quarantine | 30  | 1,2,5,10,25,50,100      | 60 | p=quarantine pct=30 t=y | 6",
        "reject     | 100 | 5,20                    | 30 | p=reject                | 6",
        "reject     | 50  | 1,2,5,10,25,50,100      | 90 | p=reject pct=50         | 13"
      })
  void theWalkEndsAtTheTargetPercent(
      String policy, int percent, String steps, int days, String last, int changes) {
    List<Integer> list =
        steps == null ? List.of() : Stream.of(steps.split(",")).map(Integer::valueOf).toList();
    RolloutTarget target = days(days, DmarcPolicy.parse(policy), percent, list);
    List<TimelinePoint> t = DmarcRollout.timeline(target);
    assertThat(t.get(t.size() - 1).step().describe()).isEqualTo(last);
    assertThat(t.get(t.size() - 1).at()).isEqualTo(target.targetDate());
    assertThat(DmarcRollout.stage(target, t.get(t.size() - 1).step())).isEqualTo("complete");
    assertThat(t).hasSize(changes + 1);
    assertThat(t)
        .filteredOn(p -> p.step().policy() == target.targetPolicy())
        .allMatch(p -> p.step().pct() <= percent);
  }

  @ParameterizedTest(name = "[{index}] {0} days to {1} {2}%, steps {3}, start {4}")
  @MethodSource("windows")
  void everyTimelineKeepsTheRolloutRules(
      int days, DmarcPolicy policy, int percent, List<Integer> steps, String start) {
    Instant s = Instant.parse(start);
    RolloutTarget target =
        new RolloutTarget(
            s,
            policy,
            s.plus(DAY.multipliedBy(days)).plusSeconds(days % 5 * 3600L),
            false,
            percent,
            steps,
            RolloutTarget.DEFAULT_MONITOR_FOR);
    RolloutPath path = new RolloutPath(target);
    List<TimelinePoint> t = DmarcRollout.timeline(target);
    assertThat(t.get(0).step()).isEqualTo(DmarcStep.MONITOR);
    assertThat(t.get(1).at()).as("first enforcing step at start").isEqualTo(s);
    assertThat(path.isFinal(t.get(t.size() - 1).step())).isTrue();
    long slots = days + 1;
    int fastest = path.ladder(DmarcStep.MONITOR, RolloutPath.FASTEST).size();
    int slowest = path.ladder(DmarcStep.MONITOR, RolloutPath.SLOWEST).size();
    boolean fits = slots >= fastest;
    for (int i = 1; i < t.size(); i++) {
      TimelinePoint prev = t.get(i - 1);
      TimelinePoint p = t.get(i);
      Protection.assertNotLower(prev.step(), p.step(), "step " + i);
      assertThat(Duration.between(s, p.at()).toSeconds() % DAY.toSeconds())
          .as("the time of day of start")
          .isZero();
      if (i > 1) {
        assertThat(Duration.between(prev.at(), p.at()))
            .as("at most one change a day")
            .isGreaterThanOrEqualTo(DAY);
        if (p.step().policy() == prev.step().policy()) {
          assertThat(p.step().pct())
              .as("pct rises within a stage")
              .isGreaterThan(prev.step().pct());
          if (fits && steps.isEmpty()) {
            assertThat(p.step().pct())
                .as("no step more than doubles")
                .isLessThanOrEqualTo(2 * prev.step().pct());
          }
        } else if (fits) {
          int first = steps.isEmpty() ? 1 : steps.get(0);
          assertThat(p.step().pct())
              .as("a stage starts at its first step")
              .isEqualTo(Math.min(first, percent));
        }
      }
      if (p.step().policy() == DmarcPolicy.REJECT) {
        assertThat(t.subList(0, i))
            .as("reject only after quarantine at 100%")
            .anyMatch(q -> q.step().equals(DmarcStep.full(DmarcPolicy.QUARANTINE)));
      }
    }
    int mandatory = policy == DmarcPolicy.REJECT ? 2 : 1;
    Instant last = t.get(t.size() - 1).at();
    Instant lastSlot = s.plus(DAY.multipliedBy(days));
    if (fits) {
      assertThat(last)
          .as("the target on the target date (a single step: at start)")
          .isEqualTo(fastest == 1 ? s : lastSlot);
      if (steps.isEmpty()) {
        assertThat(t.size() - 1)
            .as("a change on every day the window allows, give or take a few")
            .isGreaterThanOrEqualTo((int) Math.min(slots, slowest) - 4);
      } else {
        assertThat(t).as("every listed step").hasSize(fastest + 1);
      }
    } else if (slots >= mandatory) {
      assertThat(last).as("compressed, still on the target date").isEqualTo(lastSlot);
      assertThat(t).as("one change a day").hasSize((int) slots + 1);
    } else {
      assertThat(last).isEqualTo(s.plus(DAY.multipliedBy(mandatory - 1)));
    }
  }

  static Stream<Arguments> windows() {
    List<Arguments> out = new ArrayList<>();
    String[] starts = {"2027-01-01T00:00:00Z", "2028-02-27T09:30:00Z", "2027-12-31T23:59:59Z"};
    int[] days = {0, 1, 2, 3, 5, 6, 7, 10, 13, 14, 15, 16, 20, 30, 45, 90, 91, 180, 365, 400};
    List<List<Integer>> lists = List.of(List.of(), OLD_LADDER, List.of(3, 40));
    int i = 0;
    for (String start : starts) {
      for (int d : days) {
        for (List<Integer> steps : lists) {
          int percent = new int[] {100, 50, 1, 100, 73}[i++ % 5];
          out.add(Arguments.of(d, DmarcPolicy.REJECT, percent, steps, start));
          out.add(Arguments.of(d, DmarcPolicy.QUARANTINE, percent, steps, start));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} days to reject, steps [{1}]: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0  |                    | q100 r100",
        "1  |                    | q100 r100",
        "2  |                    | q1 q100 r100",
        "5  |                    | q1 q8 q100 r1 r8 r100",
        "11 |                    | q1 q2 q4 q8 q16 q32 q100 r1 r2 r8 r32 r100",
        "15 |                    | q1 q2 q4 q8 q15 q28 q53 q100 r1 r2 r4 r8 r15 r28 r53 r100",
        "5  | 1,2,5,10,25,50,100 | q1 q10 q100 r1 r10 r100",
        "12 | 1,2,5,10,25,50,100 | q1 q2 q5 q10 q25 q50 q100 r1 r2 r5 r10 r25 r100",
        "13 | 1,2,5,10,25,50,100 | q1 q2 q5 q10 q25 q50 q100 r1 r2 r5 r10 r25 r50 r100"
      })
  void shortWindowsSkipStepsButNeverAStageEnd(int days, String steps, String expected) {
    List<Integer> list =
        steps == null ? List.of() : Stream.of(steps.split(",")).map(Integer::valueOf).toList();
    assertThat(path(DmarcRollout.timeline(days(days, DmarcPolicy.REJECT, 100, list))))
        .isEqualTo(expected);
  }

  @Test
  void leapDayIsAnOrdinaryDay() {
    List<TimelinePoint> t =
        DmarcRollout.timeline(
            new RolloutTarget(
                Instant.parse("2028-02-26T00:00:00Z"),
                DmarcPolicy.QUARANTINE,
                Instant.parse("2028-03-03T00:00:00Z"),
                false,
                100,
                OLD_LADDER,
                RolloutTarget.DEFAULT_MONITOR_FOR));
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
        .containsExactly(new TimelinePoint(null, DmarcStep.MONITOR));
    assertThat(
            DmarcRollout.timeline(
                target("2027-01-01T00:00:00Z", DmarcPolicy.NONE, "2027-02-01T00:00:00Z")))
        .hasSize(1);
  }
}
