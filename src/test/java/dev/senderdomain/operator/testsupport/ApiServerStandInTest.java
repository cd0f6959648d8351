package dev.senderdomain.operator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.validate.admission.CrdAdmissionTest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The stand-in says no where a real API server would, in the API server's words. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerStandInTest {
  ApiServerStandIn api;
  KubernetesClient operator;
  KubernetesClient anonymous;

  @BeforeAll
  void start() {
    api = ApiServerStandIn.start("mail");
    operator = api.client(ApiServerStandIn.OPERATOR_TOKEN);
    anonymous = api.client("not-a-token");
  }

  @AfterAll
  void stop() {
    operator.close();
    anonymous.close();
    api.close();
  }

  @Test
  void requestsMapToVerbsAsTheApiServerMapsThem() {
    assertThat(ApiRequest.of("u", "GET", "/api/v1/namespaces/mail/secrets/a").toString())
        .isEqualTo("get secrets -n mail a -> 0");
    assertThat(ApiRequest.of("u", "GET", "/api/v1/secrets").verb()).isEqualTo("list");
    assertThat(ApiRequest.of("u", "GET", "/api/v1/namespaces/mail/secrets?watch=true").verb())
        .isEqualTo("watch");
    assertThat(
            ApiRequest.of(
                    "u",
                    "PATCH",
                    "/apis/coordination.k8s.io/v1/namespaces/senderdomain-system/leases/l")
                .toString())
        .isEqualTo("patch coordination.k8s.io/leases -n senderdomain-system l -> 0");
    assertThat(
            ApiRequest.of(
                    "u",
                    "PUT",
                    "/apis/senderdomain.dev/v1alpha1/namespaces/mail/senderdomains/s/status")
                .resourcePath())
        .isEqualTo("senderdomains/status");
    assertThat(ApiRequest.of("u", "DELETE", "/api/v1/namespaces/mail/secrets").verb())
        .isEqualTo("deletecollection");
    assertThat(ApiRequest.of("u", "GET", "/api/v1/namespaces/mail").toString())
        .isEqualTo("get namespaces -n mail mail -> 0");
    assertThat(ApiRequest.of("u", "GET", "/apis/senderdomain.dev/v1alpha1").resourceRequest())
        .isFalse();
  }

  @Test
  void whatTheChartDoesNotGrantIsForbiddenWithTheApiServersStatus() {
    KubernetesClientException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            KubernetesClientException.class, () -> operator.secrets().inNamespace("mail").list());
    assertThat(e.getCode()).isEqualTo(403);
    assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
    assertThat(e.getStatus().getMessage())
        .isEqualTo(
            "secrets is forbidden: User \"system:serviceaccount:senderdomain-system:"
                + "senderdomain-operator\" cannot list resource \"secrets\" in API group \"\" in"
                + " the namespace \"mail\"");
    assertThatThrownBy(() -> operator.namespaces().withName("mail").delete())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("cannot delete resource \"namespaces\"");
    // Granted: reading one Secret by name (here: not found, which is an answer, not a refusal).
    assertThat(operator.secrets().inNamespace("mail").withName("nothing").get()).isNull();
    assertThat(api.forbidden()).extracting(ApiRequest::verb).contains("list", "delete");
  }

  @Test
  void withoutAValidTokenEveryRequestIsUnauthorized() {
    assertThatThrownBy(() -> anonymous.namespaces().list())
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(401);
  }

  @Test
  void selfSubjectRulesReviewsAnswerFromTheSameRules() {
    SelfSubjectRulesReview review =
        operator
            .authorization()
            .v1()
            .selfSubjectRulesReview()
            .create(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace(RenderedChart.NAMESPACE)
                    .endSpec()
                    .build());
    assertThat(review.getStatus().getResourceRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("leases");
              assertThat(r.getVerbs()).contains("get", "create", "patch");
            });
  }

  @Test
  void everyCelRuleIsEnforcedBothWaysWith422AndTheFieldPath() {
    for (Map.Entry<String, String[]> rule : CrdAdmissionTest.RULE_CASES.entrySet()) {
      String field = rule.getKey().substring(rule.getKey().indexOf(' ') + 1);
      GenericKubernetesResource ok = Serialization.unmarshal(rule.getValue()[0]);
      GenericKubernetesResource bad = Serialization.unmarshal(rule.getValue()[1]);
      ok.getMetadata().setName("ok-" + Math.abs(rule.getKey().hashCode()));
      bad.getMetadata().setName("bad-" + Math.abs(rule.getKey().hashCode()));
      assertThat(api.admin().resource(ok).create()).as(rule.getKey()).isNotNull();
      KubernetesClientException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              KubernetesClientException.class, () -> api.admin().resource(bad).create());
      assertThat(e.getCode()).as(rule.getKey()).isEqualTo(422);
      Status status = e.getStatus();
      assertThat(status.getReason()).isEqualTo("Invalid");
      assertThat(status.getDetails().getCauses())
          .extracting(StatusCause::getField, StatusCause::getReason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(field, "FieldValueInvalid"));
    }
  }

  @Test
  void schemaViolationsAreRefusedAllAtOnceAndUnknownFieldsPruned() {
    GenericKubernetesResource bad =
        Serialization.unmarshal(
            """
            apiVersion: senderdomain.dev/v1alpha1
            kind: SenderDomain
            metadata: {name: bad, namespace: mail}
            spec: {domain: 'a b', providerRef: {name: p}, ttl: 1}
            """);
    KubernetesClientException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            KubernetesClientException.class, () -> api.admin().resource(bad).create());
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getMessage())
        .startsWith("SenderDomain.senderdomain.dev \"bad\" is invalid: [")
        .contains("spec.ttl: Invalid value: 1: should be greater than or equal to 30")
        .contains("spec.domain: Invalid value: \"a b\"");
    assertThat(e.getStatus().getDetails().getCauses()).hasSize(2);

    GenericKubernetesResource typo =
        Serialization.unmarshal(
            """
            apiVersion: senderdomain.dev/v1alpha1
            kind: SenderDomain
            metadata: {name: typo, namespace: mail}
            spec: {domain: a.example.com, providerRef: {name: p}, tll: 60}
            """);
    GenericKubernetesResource stored = api.admin().resource(typo).create();
    assertThat(((Map<?, ?>) stored.get("spec")).containsKey("tll")).isFalse();
    assertThat(((Map<?, ?>) stored.get("spec")).containsKey("domain")).isTrue();
    Map<?, ?> spec =
        api.admin()
            .genericKubernetesResources("senderdomain.dev/v1alpha1", "SenderDomain")
            .inNamespace("mail")
            .withName("typo")
            .get()
            .get("spec");
    assertThat(spec.containsKey("tll")).isFalse();
  }
}
