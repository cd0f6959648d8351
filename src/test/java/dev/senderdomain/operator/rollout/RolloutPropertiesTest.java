package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random histories of pauses, gate verdicts, target date and policy edits and irregular reconciles:
 * whatever happens, the published record only steps up on the daily grid, at most once a day, never
 * across a stage end, and only steps down when the target is lowered, straight to the new target.
 */
class RolloutPropertiesTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final DmarcPolicy[] POLICIES = DmarcPolicy.values();

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void randomHistoriesKeepTheSafetyRules(long seed) {
    Random rnd = new Random(seed);
    for (int scenario = 0; scenario < 40; scenario++) {
      Instant start =
          Instant.parse("2027-01-01T00:00:00Z")
              .plus(DAY.multipliedBy(rnd.nextInt(800)))
              .plusSeconds(rnd.nextInt(86400));
      RolloutTarget target =
          new RolloutTarget(
              start,
              POLICIES[1 + rnd.nextInt(2)],
              start.plus(DAY.multipliedBy(rnd.nextInt(120))).plusSeconds(1 + rnd.nextInt(86400)),
              false);
      GateStatus gate = GateStatus.OPEN;
      RolloutState state = RolloutState.initial();
      Instant now = start.minus(DAY.multipliedBy(rnd.nextInt(5)));
      Instant lastChange = null;
      Integer published = null;
      for (int tick = 0; tick < 400; tick++) {
        int before = DmarcRollout.finalIndex(target);
        if (rnd.nextInt(20) == 0) {
          target =
              new RolloutTarget(
                  target.start(), target.targetPolicy(), target.targetDate(), !target.paused());
        }
        if (rnd.nextInt(20) == 0) {
          gate = gate.open() ? GateStatus.held("reports") : GateStatus.OPEN;
        }
        if (rnd.nextInt(40) == 0) {
          target =
              new RolloutTarget(
                  target.start(),
                  target.targetPolicy(),
                  now.plus(DAY.multipliedBy(rnd.nextInt(60) - 5)).plusSeconds(rnd.nextInt(86400)),
                  target.paused());
        }
        if (rnd.nextInt(40) == 0) {
          target =
              new RolloutTarget(
                  target.start(), POLICIES[rnd.nextInt(3)], target.targetDate(), target.paused());
        }
        RolloutDecision d = DmarcRollout.decide(target, state, gate, now);
        int finalIndex = DmarcRollout.finalIndex(target);
        assertThat(d.step()).isEqualTo(DmarcLadder.step(d.stepIndex()));
        if (published != null && d.stepIndex() != published) {
          String at =
              "seed "
                  + seed
                  + " scenario "
                  + scenario
                  + " at "
                  + now
                  + ": "
                  + published
                  + " -> "
                  + d.stepIndex();
          if (d.stepIndex() < published) {
            assertThat(finalIndex).as(at + ": down only when lowered").isLessThan(published);
            assertThat(d.stepIndex()).as(at).isEqualTo(finalIndex);
          } else {
            assertThat(target.paused()).as(at + ": not while paused").isFalse();
            assertThat(gate.open()).as(at + ": not while the gate is held").isTrue();
            assertThat(Duration.between(lastChange, now))
                .as(at + ": one change a day")
                .isGreaterThan(DAY.minusHours(1));
            assertThat(d.stepIndex())
                .as(at + ": never across a stage end")
                .isLessThanOrEqualTo(DmarcLadder.nextStageEnd(published));
            assertThat(d.stepIndex())
                .as(at + ": never above the target")
                .isLessThanOrEqualTo(finalIndex);
            assertThat(Duration.between(target.start(), d.since()).toSeconds() % DAY.toSeconds())
                .as(at + ": on the daily grid")
                .isZero();
          }
          lastChange = now;
        }
        if (published == null) {
          lastChange = now;
        }
        assertThat(before).isGreaterThanOrEqualTo(0);
        published = d.stepIndex();
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
}
