package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random (start, targetDate, targetPolicy, targetPercent, steps, monitorFor, published step, now)
 * tuples and random histories of pauses, gate verdicts and target edits with irregular reconciles:
 * whatever happens, no receiver's protection is lowered unless the target was lowered (then
 * straight to the new target), the record changes at most once a day and only on the daily grid,
 * and an undisturbed walk reaches the target on the target date whenever the days suffice.
 */
class RolloutPropertiesTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final DmarcPolicy[] POLICIES = DmarcPolicy.values();

  static List<Integer> randomSteps(Random rnd) {
    if (rnd.nextInt(3) > 0) {
      return List.of();
    }
    List<Integer> steps = new ArrayList<>();
    for (int p = 1 + rnd.nextInt(10); p <= 100; p += 1 + rnd.nextInt(40)) {
      steps.add(p);
    }
    return steps;
  }

  static int randomPercent(Random rnd) {
    return rnd.nextBoolean() ? 100 : 1 + rnd.nextInt(100);
  }

  static RolloutTarget randomTarget(Random rnd) {
    Instant start =
        Instant.parse("2027-01-01T00:00:00Z")
            .plus(DAY.multipliedBy(rnd.nextInt(800)))
            .plusSeconds(rnd.nextInt(86400));
    return new RolloutTarget(
        start,
        POLICIES[1 + rnd.nextInt(2)],
        start.plus(DAY.multipliedBy(rnd.nextInt(150))).plusSeconds(1 + rnd.nextInt(86400)),
        false,
        randomPercent(rnd),
        randomSteps(rnd),
        Duration.ofHours(rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(24 * 14)));
  }

  /** What may already be published when the operator first sees a domain. */
  static RolloutState randomPublished(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0, 1 -> RolloutState.nothingPublished();
      case 2 -> RolloutState.published(DmarcStep.MONITOR);
      default ->
          RolloutState.published(
              DmarcStep.of(POLICIES[1 + rnd.nextInt(2)], rnd.nextInt(101), rnd.nextBoolean()));
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomHistoriesNeverLowerProtectionUnlessTheTargetWasLowered(long seed) {
    Random rnd = new Random(seed);
    for (int scenario = 0; scenario < 25; scenario++) {
      RolloutTarget target = randomTarget(rnd);
      GateStatus gate = GateStatus.OPEN;
      RolloutState state = randomPublished(rnd);
      Instant now = target.start().plus(DAY.multipliedBy(rnd.nextInt(60) - 30));
      Instant lastChange = null;
      DmarcStep published = state.step() == null ? DmarcStep.MONITOR : state.step();
      for (int tick = 0; tick < 200; tick++) {
        RolloutTarget before = target;
        switch (rnd.nextInt(60)) {
          case 0, 1, 2 -> target = target.withPaused(!target.paused());
          case 3, 4, 5 -> gate = gate.open() ? GateStatus.held("reports") : GateStatus.OPEN;
          case 6 ->
              target =
                  target.withTarget(
                      target.targetPolicy(),
                      target.targetPercent(),
                      now.plus(DAY.multipliedBy(rnd.nextInt(60) - 5))
                          .plusSeconds(rnd.nextInt(86400)));
          case 7 ->
              target =
                  target.withTarget(
                      POLICIES[rnd.nextInt(3)], target.targetPercent(), target.targetDate());
          case 8 ->
              target =
                  target.withTarget(target.targetPolicy(), randomPercent(rnd), target.targetDate());
          case 9 -> target = target.withSteps(randomSteps(rnd));
          default -> {
            // time passes
          }
        }
        RolloutDecision d = DmarcRollout.decide(target, state, gate, now);
        RolloutPath path = new RolloutPath(target);
        String at =
            "seed "
                + seed
                + " scenario "
                + scenario
                + " at "
                + now
                + ": "
                + published.describe()
                + " -> "
                + d.step().describe()
                + " ("
                + target
                + ")";
        assertThat(path.beyond(d.step())).as(at + ": never above the target").isFalse();
        if (!d.step().equals(published)) {
          if (Protection.lower(published, d.step())) {
            assertThat(new RolloutPath(target).beyond(published))
                .as(at + ": lowered only when the target was")
                .isTrue();
            assertThat(d.step()).as(at + ": straight to the target").isEqualTo(path.finalStep());
            assertThat(d.since()).isEqualTo(now);
          } else {
            assertThat(target.paused()).as(at + ": not while paused").isFalse();
            assertThat(gate.open()).as(at + ": not while the gate is held").isTrue();
            if (lastChange != null) {
              assertThat(Duration.between(lastChange, now))
                  .as(at + ": one change a day")
                  .isGreaterThan(DAY.minusHours(1));
            }
            assertThat(Duration.between(target.start(), d.since()).toSeconds() % DAY.toSeconds())
                .as(at + ": on the daily grid")
                .isZero();
            if (published.policy() == DmarcPolicy.NONE) {
              assertThat(d.since())
                  .as(at + ": p=none held for monitorFor")
                  .isAfterOrEqualTo(
                      (state.since() == null ? now : state.since()).plus(target.monitorFor()));
            }
          }
          lastChange = now;
        }
        assertThat(before).isNotNull();
        published = d.step();
        state = d.state();
        if (d.nextStepAt() != null) {
          assertThat(d.nextStepAt()).isAfter(now);
        }
        long untilNext =
            d.nextStepAt() == null ? 86400 : Duration.between(now, d.nextStepAt()).toSeconds();
        now =
            rnd.nextBoolean()
                ? now.plusSeconds(1 + rnd.nextInt((int) Math.min(untilNext, 3 * 86400)))
                : now.plusSeconds(untilNext + rnd.nextInt(3000));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108})
  void anUndisturbedWalkReachesTheTargetOnTheDateWhenTheDaysSuffice(long seed) {
    Random rnd = new Random(seed);
    for (int scenario = 0; scenario < 40; scenario++) {
      RolloutTarget target = randomTarget(rnd);
      RolloutState state = randomPublished(rnd);
      Instant created =
          target
              .start()
              .plus(DAY.multipliedBy(rnd.nextInt(50) - 30))
              .plusSeconds(rnd.nextInt(86400));
      List<TimelinePoint> timeline = DmarcRollout.timeline(target, state, created);
      RolloutPath path = new RolloutPath(target);
      String at =
          "seed "
              + seed
              + " scenario "
              + scenario
              + " "
              + target
              + " from "
              + state
              + " at "
              + created;
      DmarcStep first = timeline.get(0).step();
      assertThat(path.isFinal(timeline.get(timeline.size() - 1).step())).as(at).isTrue();
      if (timeline.size() == 1) {
        continue;
      }
      Instant t0 = timeline.get(1).at();
      long slots = Math.floorDiv(Duration.between(t0, target.targetDate()).toSeconds(), 86400) + 1;
      int fastest = path.ladder(first, RolloutPath.FASTEST).size();
      for (int i = 2; i < timeline.size(); i++) {
        TimelinePoint prev = timeline.get(i - 1);
        TimelinePoint p = timeline.get(i);
        Protection.assertNotLower(prev.step(), p.step(), at);
        assertThat(Duration.between(prev.at(), p.at())).as(at).isGreaterThanOrEqualTo(DAY);
        if (slots >= fastest
            && !path.stepsList()
            && p.step().policy() == prev.step().policy()
            && prev.step().pct() > 0) {
          assertThat(p.step().pct())
              .as(at + ": no step more than doubles")
              .isLessThanOrEqualTo(2 * prev.step().pct());
        }
      }
      if (slots >= fastest && fastest > 1) {
        // The spacing rule puts the last step on the last daily instant before the target date.
        Instant lastSlot = t0.plus(DAY.multipliedBy(slots - 1));
        assertThat(timeline.get(timeline.size() - 1).at())
            .as(at + ": the target on the target date")
            .isEqualTo(lastSlot);
      }
      if (first.equals(DmarcStep.MONITOR) && state.since() == null) {
        assertThat(t0).as(at + ": monitorFor").isAfterOrEqualTo(created.plus(target.monitorFor()));
      }
    }
  }
}
