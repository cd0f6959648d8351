package dev.senderdomain.operator.dkim;

import static dev.senderdomain.operator.dkim.RingNotation.T0;
import static dev.senderdomain.operator.dkim.RingNotation.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class RotationPolicyTest {

  /**
   * One row per decision: src/test/resources/dkim/rotation-steps.csv (times are offsets from
   * 2026-03-01).
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvFileSource(resources = "/dkim/rotation-steps.csv", delimiter = '|', numLinesToSkip = 1)
  void plansTheNextStep(
      String what,
      String policy,
      String ring,
      String verified,
      String request,
      String now,
      String actions,
      String nextCheck) {
    RotationPlan plan =
        RotationPolicy.plan(
            RingNotation.ring(orEmpty(ring)),
            RingNotation.policy(policy),
            RotationRequest.fromAnnotation(request),
            selectors(orEmpty(verified)),
            at(now));
    assertThat(RingNotation.actions(plan)).isEqualTo(orEmpty(actions));
    assertThat(plan.nextCheckAt()).isEqualTo(at(nextCheck));
  }

  @Test
  void twoFullRotationsWithAFakeClock() {
    DkimWorld world = new DkimWorld(RingNotation.policy("rsa-2048,ed25519/180d"));
    String[][] timeline = {
      // now, ring after converging
      {"0", "sd2026a=ACTIVE, sd2026b=ACTIVE"},
      {"179d", "sd2026a=ACTIVE, sd2026b=ACTIVE"},
      {"180d", "sd2026a=ACTIVE, sd2026b=ACTIVE, sd2026c=PUBLISHED, sd2026d=PUBLISHED"},
      {"180d+1h", "sd2026a=ACTIVE, sd2026b=ACTIVE, sd2026c=PUBLISHED, sd2026d=PUBLISHED"},
      {"180d+2h", "sd2026a=RETIRING, sd2026b=RETIRING, sd2026c=ACTIVE, sd2026d=ACTIVE"},
      {"187d+2h", "sd2026a=REVOKED, sd2026b=REVOKED, sd2026c=ACTIVE, sd2026d=ACTIVE"},
      {"194d+2h", "sd2026c=ACTIVE, sd2026d=ACTIVE"},
      {"360d+2h", "sd2026c=ACTIVE, sd2026d=ACTIVE, sd2027e=PUBLISHED, sd2027f=PUBLISHED"},
      {"360d+4h", "sd2026c=RETIRING, sd2026d=RETIRING, sd2027e=ACTIVE, sd2027f=ACTIVE"},
      {"367d+4h", "sd2026c=REVOKED, sd2026d=REVOKED, sd2027e=ACTIVE, sd2027f=ACTIVE"},
      {"374d+4h", "sd2027e=ACTIVE, sd2027f=ACTIVE"},
    };
    for (String[] row : timeline) {
      world.converge(at(row[0]));
      KeyRing ring = world.stored();
      assertThat(RingNotation.states(ring)).as("at %s", row[0]).isEqualTo(row[1]);
      assertThat(world.dns.keySet())
          .as("records at %s", row[0])
          .containsExactlyElementsOf(ring.keys().stream().map(DkimKey::selector).toList());
    }
    KeyRing end = world.stored();
    assertThat(end.removedSelectors()).containsExactly("sd2026a", "sd2026b", "sd2026c", "sd2026d");
    assertThat(end.activeFor(DkimAlgorithm.RSA_2048).orElseThrow().selector()).isEqualTo("sd2027e");
    assertThat(end.activeFor(DkimAlgorithm.ED25519).orElseThrow().selector()).isEqualTo("sd2027f");
    assertThat(world.selectorsEverStored)
        .containsExactly("sd2026a", "sd2026b", "sd2026c", "sd2026d", "sd2027e", "sd2027f");
  }

  @Test
  void emergencyRotationRevokesAtOnceAndSignsWithANewKeyOnceVerified() {
    DkimWorld world = new DkimWorld(RingNotation.policy("rsa-2048/180d"));
    world.converge(at("0"));
    String compromised = world.stored().activeFor(DkimAlgorithm.RSA_2048).orElseThrow().selector();
    world.request = RotationRequest.fromAnnotation("emergency:leaked-2026-03-10");

    RotationPlan first = world.step(at("9d"), DkimWorld.Crash.NONE);
    assertThat(RingNotation.actions(first))
        .isEqualTo(
            "sd2026a ACTIVE->REVOKED, generate sd2026b rsa-2048, ack emergency:leaked-2026-03-10");
    assertThat(world.dns).containsEntry(compromised, "v=DKIM1; k=rsa; p=");
    assertThat(world.secretData)
        .containsEntry("active-selector-rsa", "")
        .doesNotContainKey("active.key");

    world.converge(at("9d+1m"));
    assertThat(RingNotation.states(world.stored())).isEqualTo("sd2026a=REVOKED, sd2026b=ACTIVE");
    assertThat(world.secretData).containsEntry("active-selector-rsa", "sd2026b");

    world.converge(at("9d+2h"));
    assertThat(RingNotation.states(world.stored()))
        .as("the token acts once")
        .isEqualTo("sd2026a=REVOKED, sd2026b=ACTIVE");
    world.converge(at("16d"));
    assertThat(RingNotation.states(world.stored())).isEqualTo("sd2026b=ACTIVE");
    assertThat(world.dns).doesNotContainKey(compromised);
    assertThat(world.secretData).doesNotContainKey(compromised + ".key");
  }

  @Test
  void warnsAboutLegacyRsaALoneEd25519AndAMissingActiveKey() {
    RotationPlan legacy =
        RotationPolicy.plan(
            RingNotation.ring("sd2026a:rsa-1024:ACTIVE:0d"),
            RingNotation.policy("rsa-1024/-"),
            RotationRequest.NONE,
            Set.of(),
            T0);
    assertThat(legacy.warnings())
        .singleElement()
        .asString()
        .contains("rsa-1024 is legacy", "RFC 8301");
    RotationPlan lone =
        RotationPolicy.plan(
            KeyRing.empty(), RingNotation.policy("ed25519/-"), RotationRequest.NONE, Set.of(), T0);
    assertThat(lone.warnings())
        .anySatisfy(w -> assertThat(w).contains("Gmail and Outlook"))
        .anySatisfy(w -> assertThat(w).contains("no active ed25519 key yet"));
  }

  @Test
  void noMissingKeyWarningWhenTheKeyBecomesActiveInThisPlan() {
    RotationPlan plan =
        RotationPolicy.plan(
            RingNotation.ring("sd2026a:rsa-2048:PENDING:0d"),
            RingNotation.policy("rsa-2048/180d"),
            RotationRequest.NONE,
            Set.of("sd2026a"),
            at("5m"));
    assertThat(RingNotation.actions(plan)).isEqualTo("sd2026a PENDING->ACTIVE");
    assertThat(plan.warnings()).isEmpty();
    RotationPlan waiting =
        RotationPolicy.plan(
            RingNotation.ring("sd2026a:rsa-2048:PENDING:0d"),
            RingNotation.policy("rsa-2048/180d"),
            RotationRequest.NONE,
            Set.of(),
            at("5m"));
    assertThat(waiting.warnings()).singleElement().asString().startsWith("no active rsa key yet");
  }

  @Test
  void applyRefusesAStalePlan() {
    KeyRing ring = RingNotation.ring("sd2026a:rsa-2048:ACTIVE:0d, sd2026b:rsa-2048:PUBLISHED:180d");
    RotationPlan plan =
        RotationPolicy.plan(
            ring,
            RingNotation.policy("rsa-2048/180d"),
            RotationRequest.NONE,
            Set.of("sd2026b"),
            at("180d+2h"));
    KeyRing switched = ring.apply(plan, DkimKeyGenerator.production(), at("180d+2h"));
    assertThat(RingNotation.states(switched)).isEqualTo("sd2026a=RETIRING, sd2026b=ACTIVE");
    assertThatThrownBy(() -> switched.apply(plan, DkimKeyGenerator.production(), at("180d+2h")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stale plan: sd2026b is not PUBLISHED");
  }

  @ParameterizedTest(name = "selector {0} at {1} is {2}")
  @CsvSource({
    "0, 2026-03-01T00:00:00Z, sd2026a",
    "1, 2026-03-01T00:00:00Z, sd2026b",
    "25, 2027-01-01T00:00:00Z, sd2027z",
    "26, 2027-01-01T00:00:00Z, sd2027aa",
    "27, 2027-01-01T00:00:00Z, sd2027ab",
    "702, 2030-06-01T00:00:00Z, sd2030aaa"
  })
  void selectorScheme(int index, String now, String selector) {
    assertThat(Selectors.forIndex(index, Instant.parse(now))).isEqualTo(selector);
  }

  @Test
  void aGeneratedSelectorSkipsOnesAlreadyUsed() {
    KeyRing adoptedClash =
        new KeyRing(
            RingNotation.ring("sd2026a:rsa-2048:REVOKED:0d").keys(), 0, Set.of("sd2026b"), null);
    RotationPlan plan =
        RotationPolicy.plan(
            adoptedClash,
            RingNotation.policy("rsa-2048/180d"),
            RotationRequest.NONE,
            Set.of(),
            at("1d"));
    assertThat(RingNotation.actions(plan)).isEqualTo("generate sd2026c rsa-2048");
    assertThat(
            adoptedClash.apply(plan, DkimKeyGenerator.production(), at("1d")).nextSelectorIndex())
        .isEqualTo(3);
  }

  private static String orEmpty(String csvCell) {
    return csvCell == null ? "" : csvCell;
  }

  private static Set<String> selectors(String list) {
    return list.isBlank()
        ? Set.of()
        : Arrays.stream(list.split(",")).map(String::strip).collect(Collectors.toSet());
  }
}
