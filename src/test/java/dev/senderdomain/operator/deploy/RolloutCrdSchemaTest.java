package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the CRD schema refuses of spec.dmarc.rollout's targetPercent, steps and monitorFor at {@code
 * kubectl apply}, before the operator's own validation sees it.
 */
class RolloutCrdSchemaTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      {targetPercent: 50, steps: [1, 2, 5, 10, 25, 50, 100], monitorFor: 7d} |
      {targetPercent: 0}          | .spec.dmarc.rollout.targetPercent: below 1.0
      {targetPercent: 101}        | .spec.dmarc.rollout.targetPercent: above 100.0
      {targetPercent: '50'}       | .spec.dmarc.rollout.targetPercent: not an integer
      {steps: [0, 50]}            | .spec.dmarc.rollout.steps[0]: below 1.0
      {steps: [50, 101]}          | .spec.dmarc.rollout.steps[1]: above 100.0
      {monitorFor: P7D}           | .spec.dmarc.rollout.monitorFor: 'P7D' does not match
      {monitorFor: 7 days}        | .spec.dmarc.rollout.monitorFor: '7 days' does not match
      """)
  @SuppressWarnings("unchecked")
  void reportsTheFirstViolationOrNone(String rollout, String expected) throws Exception {
    String yaml =
        "{spec: {domain: example.com, providerRef: {name: dns}, dmarc: {rollout: "
            + rollout
            + "}}}";
    Map<String, Object> resource = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
    var violations = CrdSchema.forKind("SenderDomain").violations(resource);
    if (expected == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations).singleElement().asString().startsWith(expected);
    }
  }

  /**
   * Item count and order are refused by the API server (minItems/maxItems and a CEL rule, which
   * this project's schema check does not evaluate): the rules are in the CRD as written here.
   */
  @Test
  void stepsCarryTheirCountBoundsAndTheAscendingRule() throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(Path.of("crds/senderdomains.senderdomain.dev-v1.yml")),
            CustomResourceDefinition.class);
    JSONSchemaProps steps =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("dmarc")
            .getProperties()
            .get("rollout")
            .getProperties()
            .get("steps");
    assertThat(steps.getMinItems()).isEqualTo(1);
    assertThat(steps.getMaxItems()).isEqualTo(100);
    assertThat(steps.getXKubernetesValidations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getRule())
                  .isEqualTo("self.isSorted() && self.all(p, self.exists_one(q, q == p))");
              assertThat(v.getMessage()).contains("strictly ascending");
            });
  }
}
