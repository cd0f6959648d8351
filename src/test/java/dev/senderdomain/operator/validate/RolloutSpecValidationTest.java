package dev.senderdomain.operator.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.rollout.RolloutTarget;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spec.dmarc.rollout.targetPercent, steps and monitorFor: the same rules as the CRD schema (plan
 * and push never see an API server), each refusal naming the field.
 */
class RolloutSpecValidationTest {
  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal(
            "targetPercent 0",
            s -> s.dmarc.rollout.targetPercent = 0,
            "spec.dmarc.rollout.targetPercent",
            "1..100, got 0"),
        refusal(
            "targetPercent 101",
            s -> s.dmarc.rollout.targetPercent = 101,
            "spec.dmarc.rollout.targetPercent",
            "1..100, got 101"),
        refusal(
            "an empty steps list",
            s -> s.dmarc.rollout.steps = List.of(),
            "spec.dmarc.rollout.steps",
            "at least one percentage"),
        refusal(
            "a step of 0",
            s -> s.dmarc.rollout.steps = List.of(0, 5),
            "spec.dmarc.rollout.steps[0]",
            "1..100, got 0"),
        refusal(
            "a step over 100",
            s -> s.dmarc.rollout.steps = List.of(5, 150),
            "spec.dmarc.rollout.steps[1]",
            "1..100, got 150"),
        refusal(
            "steps out of order",
            s -> s.dmarc.rollout.steps = List.of(1, 10, 5),
            "spec.dmarc.rollout.steps[2]",
            "greater than the step before it (10)"),
        refusal(
            "a step twice",
            s -> s.dmarc.rollout.steps = List.of(1, 2, 2),
            "spec.dmarc.rollout.steps[2]",
            "ascending"),
        refusal(
            "a null step",
            s -> s.dmarc.rollout.steps = Arrays.asList(1, null),
            "spec.dmarc.rollout.steps[1]",
            "got null"),
        refusal(
            "monitorFor in weeks",
            s -> s.dmarc.rollout.monitorFor = "2w",
            "spec.dmarc.rollout.monitorFor",
            "like 7d, 48h or 0d"),
        refusal(
            "monitorFor in ISO-8601",
            s -> s.dmarc.rollout.monitorFor = "P7D",
            "spec.dmarc.rollout.monitorFor",
            "got 'P7D'"),
        refusal(
            "monitorFor over a year",
            s -> s.dmarc.rollout.monitorFor = "400d",
            "spec.dmarc.rollout.monitorFor",
            "at most 365d"));
  }

  static Arguments refusal(
      String what, Consumer<SenderDomainSpec> edit, String field, String says) {
    return Arguments.of(what, edit, field, says);
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("refusals")
  void refusesBadRolloutInputNamingTheField(
      String what, Consumer<SenderDomainSpec> edit, String field, String says) {
    SenderDomainSpec spec = ExampleSpecs.shop();
    edit.accept(spec);
    assertThatThrownBy(() -> SenderDomainValidator.validate(ExampleSpecs.resource(spec)))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(
                        fe -> {
                          assertThat(fe.field()).isEqualTo(field);
                          assertThat(fe.message()).contains(says);
                        }));
  }

  @Test
  void theDefaultsAreTheDailyCurveTo100PercentAfterSevenDaysOfMonitoring() throws Exception {
    RolloutTarget t =
        SenderDomainValidator.validate(ExampleSpecs.resource(ExampleSpecs.shop())).rollout();
    assertThat(t.targetPercent()).isEqualTo(100);
    assertThat(t.steps()).isEmpty();
    assertThat(t.monitorFor()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void acceptsATargetPercentAStepsListAndAMonitoringPeriod() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.dmarc.rollout.targetPolicy = "quarantine";
    spec.dmarc.rollout.targetPercent = 50;
    spec.dmarc.rollout.steps = List.of(1, 2, 5, 10, 25, 50, 100);
    spec.dmarc.rollout.monitorFor = "48h";
    RolloutTarget t = SenderDomainValidator.validate(ExampleSpecs.resource(spec)).rollout();
    assertThat(t.targetPercent()).isEqualTo(50);
    assertThat(t.steps()).containsExactly(1, 2, 5, 10, 25, 50, 100);
    assertThat(t.monitorFor()).isEqualTo(Duration.ofHours(48));
    spec.dmarc.rollout.monitorFor = "0d";
    assertThat(SenderDomainValidator.validate(ExampleSpecs.resource(spec)).rollout().monitorFor())
        .isZero();
  }
}
