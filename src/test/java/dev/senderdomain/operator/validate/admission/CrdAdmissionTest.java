package dev.senderdomain.operator.validate.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled CRDs' admission: what the API server would store, refuse, and say. */
public class CrdAdmissionTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String SD = "apiVersion: senderdomain.dev/v1alpha1\nkind: SenderDomain\n";
  static final String DP = "apiVersion: senderdomain.dev/v1alpha1\nkind: DnsProvider\n";
  static final String CDP = "apiVersion: senderdomain.dev/v1alpha1\nkind: ClusterDnsProvider\n";

  /**
   * Every CEL rule the CRDs carry, keyed by kind and the path of the field that carries it, with an
   * object it admits and one it refuses. A rule added to a CRD class without a pair here fails
   * {@link #everyCelRuleIsTestedBothWays}.
   */
  public static final Map<String, String[]> RULE_CASES =
      Map.of(
          "SenderDomain spec.dmarc.rollout",
          new String[] {
            SD
                + "metadata: {name: a, namespace: mail}\n"
                + "spec: {domain: a.example.com, providerRef: {name: p},"
                + " dmarc: {rollout: {start: '2027-01-01', targetDate: '2027-04-01T12:00:00Z'}}}",
            SD
                + "metadata: {name: a, namespace: mail}\n"
                + "spec: {domain: a.example.com, providerRef: {name: p},"
                + " dmarc: {rollout: {start: '2027-04-01', targetDate: '2027-01-01'}}}"
          },
          "SenderDomain spec.dmarc.rollout.steps",
          new String[] {
            SD
                + "metadata: {name: a, namespace: mail}\n"
                + "spec: {domain: a.example.com, providerRef: {name: p},"
                + " dmarc: {rollout: {steps: [1, 5, 25, 100]}}}",
            SD
                + "metadata: {name: a, namespace: mail}\n"
                + "spec: {domain: a.example.com, providerRef: {name: p},"
                + " dmarc: {rollout: {steps: [1, 25, 5, 100]}}}"
          },
          "DnsProvider spec",
          new String[] {
            DP + "metadata: {name: p, namespace: mail}\nspec: {manual: {}}",
            DP + "metadata: {name: p, namespace: mail}\nspec: {manual: {}, rfc2136: {server: ns1}}"
          },
          "ClusterDnsProvider spec",
          new String[] {
            CDP
                + "metadata: {name: p}\n"
                + "spec: {rfc2136: {server: ns1, tsig: {keyName: k, secretRef: {name: s, key: k}}}}",
            CDP + "metadata: {name: p}\nspec: {}"
          },
          "DnsProvider spec.allowedDomains",
          new String[] {
            DP
                + "metadata: {name: p, namespace: mail}\n"
                + "spec: {manual: {}, allowedDomains: [mail.example.com, '*.apps.example.com']}",
            DP
                + "metadata: {name: p, namespace: mail}\n"
                + "spec: {manual: {}, allowedDomains: ['mail.*.example.com']}"
          },
          "ClusterDnsProvider spec.allowedDomains",
          new String[] {
            CDP + "metadata: {name: p}\nspec: {manual: {}, allowedDomains: [example.com]}",
            CDP + "metadata: {name: p}\nspec: {manual: {}, allowedDomains: ['Example.com.']}"
          },
          "ClusterDnsProvider spec.allowedNamespaces",
          new String[] {
            CDP
                + "metadata: {name: p}\n"
                + "spec: {manual: {}, allowedNamespaces: {names: [team-a],"
                + " selector: {matchLabels: {tenant: a}}}}",
            CDP + "metadata: {name: p}\nspec: {manual: {}, allowedNamespaces: {}}"
          },
          "DnsProvider spec.requestBudget",
          new String[] {
            DP
                + "metadata: {name: p, namespace: mail}\n"
                + "spec: {rfc2136: {server: ns1}, requestBudget: {requests: 20, per: 1s}}",
            DP
                + "metadata: {name: p, namespace: mail}\n"
                + "spec: {rfc2136: {server: ns1}, requestBudget: {requests: 20, per: 00s}}"
          },
          "ClusterDnsProvider spec.requestBudget",
          new String[] {
            CDP
                + "metadata: {name: p}\n"
                + "spec: {rfc2136: {server: ns1}, requestBudget: {requests: 1200, per: 5m}}",
            CDP
                + "metadata: {name: p}\nspec: {rfc2136: {server: ns1}, requestBudget: {requests: 1, per: 0m}}"
          });

  @Test
  void everyCelRuleIsTestedBothWays() throws Exception {
    List<String> seen = new ArrayList<>();
    for (CrdAdmission crd : CustomResourceDefinitions.bundled().all()) {
      for (Map.Entry<String, JsonNode> rule : crd.rules()) {
        String id = crd.kind() + " " + rule.getKey();
        seen.add(id);
        String text = rule.getValue().path("rule").asText();
        assertThat(crd.compileError(text)).as("%s: %s compiles", id, text).isNull();
        String[] cases = RULE_CASES.get(id);
        assertThat(cases).as("a valid and an invalid object for the rule of %s", id).isNotNull();
        Admission ok = crd.review(YAML.readTree(cases[0]), null);
        assertThat(ok.problems()).as("%s admits %s", id, cases[0]).isEmpty();
        Admission refused = crd.review(YAML.readTree(cases[1]), null);
        assertThat(refused.problems())
            .as("%s refuses %s", id, cases[1])
            .extracting(FieldProblem::toString)
            .containsExactly(
                rule.getKey()
                    + ": Invalid value: \""
                    + (rule.getKey().endsWith(".steps") || rule.getKey().endsWith(".allowedDomains")
                        ? "array"
                        : "object")
                    + "\": "
                    + rule.getValue().path("message").asText());
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(RULE_CASES.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '#',
      textBlock =
          """
      {spec: {domain: example.com, providerRef: {name: dns}}} #
      {spec: {providerRef: {name: dns}}} # spec.domain: Required value
      {spec: {domain: example.com, providerRef: {name: dns}, ttl: 5}} # spec.ttl: Invalid value: 5: should be greater than or equal to 30
      {spec: {domain: example.com, providerRef: {name: dns}, ttl: '60'}} # spec.ttl: Invalid value: "string": must be of type integer
      {spec: {domain: 'a b', providerRef: {name: dns}}} # spec.domain: Invalid value: "a b": should match '^[^\\s]+$'
      {spec: {domain: a.b, providerRef: {name: d}, dkim: {algorithms: [rsa-2048, rsa-4]}}} # spec.dkim.algorithms[1]: Invalid value: "rsa-4": should match '^(rsa-2048|rsa-1024|ed25519)$'
      {spec: {domain: a.b, providerRef: dns}} # spec.providerRef: Invalid value: "string": must be of type object
      {spec: {domain: a.b, providerRef: {name: d}, bounce: {mx: [{host: mx1}]}}} # spec.bounce.name: Required value
      """)
  void reportsWhatTheApiServerWouldSay(String spec, String expected) throws Exception {
    JsonNode object =
        YAML.readTree(
            SD
                + "metadata: {name: shop, namespace: mail}\n"
                + spec.replace("{spec:", "spec:").replaceAll("}$", ""));
    Admission a =
        CustomResourceDefinitions.bundled()
            .forKind("senderdomain.dev/v1alpha1", "SenderDomain")
            .orElseThrow()
            .review(object, null);
    if (expected == null) {
      assertThat(a.problems()).isEmpty();
    } else {
      List<String> said = new ArrayList<>(List.of(expected));
      if (expected.contains("must be of type")) {
        said.add(NOT_CHECKED);
      }
      assertThat(a.problems()).extracting(FieldProblem::toString).containsExactlyElementsOf(said);
    }
  }

  static final String NOT_CHECKED =
      "<nil>: Invalid value: \"null\": some validation rules were not checked because the object"
          + " was invalid; correct the existing errors to complete validation";

  /**
   * As on the API server (apiextensions-apiserver, hasBlockingErr): a value of the wrong type stops
   * every CEL rule and says so; a value that fails only a pattern does not, so the rules still run.
   */
  @Test
  void aTypeErrorStopsTheCelRulesAPatternErrorDoesNot() throws Exception {
    String backwards = "dmarc: {rollout: {start: '2027-04-01', targetDate: '2027-01-01'}}";
    Admission typeError =
        review(
            SD
                + "metadata: {name: a, namespace: mail}\n"
                + "spec: {domain: a.b, providerRef: {name: d}, ttl: 'x', "
                + backwards
                + "}");
    assertThat(typeError.problems())
        .extracting(FieldProblem::toString)
        .containsExactly(
            "spec.ttl: Invalid value: \"string\": must be of type integer", NOT_CHECKED);
    Admission patternError =
        review(
            SD
                + "metadata: {name: a, namespace: mail}\n"
                + "spec: {domain: 'a b', providerRef: {name: d}, "
                + backwards
                + "}");
    assertThat(patternError.problems())
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder("spec.domain", "spec.dmarc.rollout");
  }

  @Test
  void everyProblemIsReportedNotOnlyTheFirst() throws Exception {
    Admission a =
        review(
            SD
                + "metadata: {name: Shop_1}\n"
                + "spec: {ttl: 1, providerRef: {}, dmarc: {rollout: {targetPolicy: never}}}");
    assertThat(a.problems())
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "metadata.name",
            "spec.domain",
            "spec.providerRef.name",
            "spec.ttl",
            "spec.dmarc.rollout.targetPolicy",
            // targetPolicy is an enum: a value outside it stops the CEL rules, as the API server
            // does
            "<nil>");
  }

  @Test
  void unknownFieldsArePrunedAndListedAsTheApiServerWarnsOfThem() throws Exception {
    Admission a =
        review(
            SD
                + "metadata: {name: shop, namespace: mail}\n"
                + "spec: {domain: a.b, providerRef: {name: d, color: red},"
                + " dmarc: {rollout: {targetdate: '2027-01-01'}}}\n"
                + "statuss: {}");
    assertThat(a.problems()).isEmpty();
    assertThat(a.unknownFields())
        .containsExactly("spec.providerRef.color", "spec.dmarc.rollout.targetdate", "statuss");
    assertThat(a.object().path("spec").path("providerRef").has("color")).isFalse();
    assertThat(a.strictProblems())
        .extracting(FieldProblem::toString)
        .contains("spec.dmarc.rollout.targetdate: Unknown field: field not declared in schema");
  }

  @Test
  void mapsKeepTheirKeysAndNullIsDroppedWhereNotNullable() throws Exception {
    Admission a =
        CustomResourceDefinitions.bundled()
            .forKind("senderdomain.dev/v1alpha1", "DnsProvider")
            .orElseThrow()
            .review(
                YAML.readTree(
                    DP
                        + "metadata: {name: p, namespace: mail}\n"
                        + "spec: {externaldns: {labels: {a: b}, namespace: null}}"),
                null);
    assertThat(a.problems()).isEmpty();
    assertThat(a.unknownFields()).isEmpty();
    assertThat(a.object().path("spec").path("externaldns").toString())
        .isEqualTo("{\"labels\":{\"a\":\"b\"}}");
  }

  static Admission review(String yaml) throws Exception {
    return CustomResourceDefinitions.bundled()
        .forKind("senderdomain.dev/v1alpha1", "SenderDomain")
        .orElseThrow()
        .review(YAML.readTree(yaml), null);
  }
}
