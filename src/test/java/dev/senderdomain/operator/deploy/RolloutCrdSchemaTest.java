package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.senderdomain.operator.validate.admission.CustomResourceDefinitions;
import dev.senderdomain.operator.validate.admission.FieldProblem;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the CRD schema (OpenAPI and CEL) refuses of spec.dmarc.rollout's targetPercent, steps and
 * monitorFor at {@code kubectl apply}, before the operator's own validation sees it: the bundled
 * CRD through the same admission that {@code validate} and the test API server run.
 */
class RolloutCrdSchemaTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      {targetPercent: 50, steps: [1, 2, 5, 10, 25, 50, 100], monitorFor: 7d} |
      {targetPercent: 0}          | spec.dmarc.rollout.targetPercent: Invalid value: 0: should be greater than or equal to 1
      {targetPercent: 101}        | spec.dmarc.rollout.targetPercent: Invalid value: 101: should be less than or equal to 100
      {targetPercent: '50'}       | spec.dmarc.rollout.targetPercent: Invalid value: "string": must be of type integer
      {steps: [0, 50]}            | spec.dmarc.rollout.steps[0]: Invalid value: 0: should be greater than or equal to 1
      {steps: [50, 101]}          | spec.dmarc.rollout.steps[1]: Invalid value: 101: should be less than or equal to 100
      {steps: []}                 | spec.dmarc.rollout.steps: Invalid value: should have at least 1 items
      {steps: [5, 1]}             | spec.dmarc.rollout.steps: Invalid value: "array": steps must be strictly ascending
      {steps: [5, 5]}             | spec.dmarc.rollout.steps: Invalid value: "array": steps must be strictly ascending
      {monitorFor: P7D}           | spec.dmarc.rollout.monitorFor: Invalid value: "P7D": should match
      {monitorFor: 7 days}        | spec.dmarc.rollout.monitorFor: Invalid value: "7 days": should match
      """)
  void refusesWhatTheApiServerWouldRefuse(String rollout, String expected) throws Exception {
    String yaml =
        "{apiVersion: senderdomain.dev/v1alpha1, kind: SenderDomain,"
            + " metadata: {name: a, namespace: mail},"
            + " spec: {domain: example.com, providerRef: {name: dns}, dmarc: {rollout: "
            + rollout
            + "}}}";
    var admission =
        CustomResourceDefinitions.bundled()
            .forKind("senderdomain.dev/v1alpha1", "SenderDomain")
            .orElseThrow()
            .review(YAML.readTree(yaml), null);
    if (expected == null) {
      assertThat(admission.problems()).isEmpty();
    } else {
      List<String> problems = admission.problems().stream().map(FieldProblem::toString).toList();
      assertThat(problems.get(0)).startsWith(expected);
      // A value of the wrong type stops the CEL rules, as on the API server, which says so.
      assertThat(problems.subList(1, problems.size()))
          .allMatch(p -> p.startsWith("<nil>: Invalid value: \"null\": some validation rules"));
      assertThat(problems).hasSize(expected.contains("must be of type") ? 2 : 1);
    }
  }
}
