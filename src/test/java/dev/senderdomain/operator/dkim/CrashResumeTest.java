package dev.senderdomain.operator.dkim;

import static dev.senderdomain.operator.dkim.RingNotation.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator may stop at any point. The world keeps only the Secret maps and DNS (everything else
 * is recomputed from the Secret on every step, as after a restart with a lost status). A crash is
 * injected at every step of a scenario with a scheduled rotation, a manual rotation and an
 * emergency rotation, either before the Secret write or between the Secret write and the DNS push.
 * The end state must equal the run without a crash: no duplicate key, no lost key, no reused
 * selector, and at no time a public key in DNS without its private key in the Secret (checked by
 * {@link DkimWorld} on every publish).
 */
class CrashResumeTest {
  /** (time, annotation value) events; the world converges after each. */
  private static final String[][] SCENARIO = {
    {"0", ""},
    {"50d", "t1"},
    {"50d+2h", "t1"},
    {"57d+2h", "t1"},
    {"64d+2h", "t1"},
    {"100d", "emergency:e1"},
    {"100d+1m", "emergency:e1"},
    {"107d+1m", "emergency:e1"},
    {"280d+1m", "emergency:e1"},
    {"280d+2h+1m", "emergency:e1"},
    {"300d", "emergency:e1"},
  };

  private static final Outcome BASELINE = run(-1, DkimWorld.Crash.NONE);

  /**
   * @param actionSteps the steps whose plan had actions: the only ones where a crash loses anything
   */
  record Outcome(
      List<String> states,
      List<String> selectorsEverStored,
      String removed,
      List<Integer> actionSteps) {}

  static Stream<Arguments> crashPoints() {
    return Stream.of(DkimWorld.Crash.BEFORE_STORE, DkimWorld.Crash.BEFORE_PUBLISH)
        .flatMap(kind -> BASELINE.actionSteps().stream().map(step -> Arguments.of(kind, step)));
  }

  @ParameterizedTest(name = "crash {0} at step {1} resumes to the same key ring")
  @MethodSource("crashPoints")
  void resumesAfterACrash(DkimWorld.Crash kind, int step) {
    Outcome crashed = run(step, kind);
    assertThat(crashed.states()).isEqualTo(BASELINE.states());
    assertThat(crashed.selectorsEverStored()).isEqualTo(BASELINE.selectorsEverStored());
    assertThat(crashed.removed()).isEqualTo(BASELINE.removed());
  }

  @org.junit.jupiter.api.Test
  void theScenarioCoversEveryKindOfStep() {
    assertThat(BASELINE.states())
        .containsExactly(
            "sd2026a=ACTIVE, sd2026b=ACTIVE",
            "sd2026a=ACTIVE, sd2026b=ACTIVE, sd2026c=PUBLISHED, sd2026d=PUBLISHED",
            "sd2026a=RETIRING, sd2026b=RETIRING, sd2026c=ACTIVE, sd2026d=ACTIVE",
            "sd2026a=REVOKED, sd2026b=REVOKED, sd2026c=ACTIVE, sd2026d=ACTIVE",
            "sd2026c=ACTIVE, sd2026d=ACTIVE",
            "sd2026c=REVOKED, sd2026d=REVOKED, sd2026e=ACTIVE, sd2026f=ACTIVE",
            "sd2026c=REVOKED, sd2026d=REVOKED, sd2026e=ACTIVE, sd2026f=ACTIVE",
            "sd2026e=ACTIVE, sd2026f=ACTIVE",
            "sd2026e=ACTIVE, sd2026f=ACTIVE, sd2026g=PUBLISHED, sd2026h=PUBLISHED",
            "sd2026e=RETIRING, sd2026f=RETIRING, sd2026g=ACTIVE, sd2026h=ACTIVE",
            "sd2026e=REVOKED, sd2026f=REVOKED, sd2026g=ACTIVE, sd2026h=ACTIVE");
    assertThat(BASELINE.actionSteps()).hasSizeGreaterThan(10);
  }

  private static Outcome run(int crashAtStep, DkimWorld.Crash kind) {
    // rsa-1024 only to keep key generation cheap over ~30 runs; the lifecycle does not depend on
    // the key size.
    DkimWorld world = new DkimWorld(RingNotation.policy("rsa-1024,ed25519/180d"));
    world.crashAtStep = crashAtStep;
    world.crashKind = kind;
    List<String> states = new ArrayList<>();
    for (String[] event : SCENARIO) {
      world.request = RotationRequest.fromAnnotation(event[1]);
      world.converge(at(event[0]));
      KeyRing ring = world.stored();
      states.add(RingNotation.states(ring));
      for (String s : world.selectorsEverStored) {
        assertThat(ring.isUsedSelector(s)).as("selector %s is remembered", s).isTrue();
      }
    }
    return new Outcome(
        states,
        List.copyOf(world.selectorsEverStored),
        world.stored().removedSelectors().toString(),
        List.copyOf(world.actionSteps));
  }
}
