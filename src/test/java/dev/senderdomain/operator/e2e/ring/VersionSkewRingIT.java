package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.senderdomain.operator.testsupport.ApiServerStandIn;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import dev.senderdomain.operator.testsupport.RenderedChart;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Version skew, as in every upgrade that adds a field (the new CRD is applied before the new pod
 * runs) and every rollback: the API serves a newer version's CRDs and holds objects with fields
 * this operator has no Java field for. They are read and reconciled, never fatal, and the fields
 * are still there after the operator has written the object's status.
 */
class VersionSkewRingIT {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ResourceDefinitionContext SENDER_DOMAINS =
      new ResourceDefinitionContext.Builder()
          .withGroup("senderdomain.dev")
          .withVersion("v1alpha1")
          .withKind("SenderDomain")
          .withPlural("senderdomains")
          .withNamespaced(true)
          .build();

  DeployedWorld world;

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void objectsWithFieldsOfANewerVersionAreReconciledAndTheirFieldsKept() throws Exception {
    world = DeployedWorld.start(ApiServerStandIn.builder().crds(newerCrds()));
    var admin = world.api.admin();
    admin
        .secrets()
        .inNamespace(RenderedChart.NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("shared-tsig")
                .withNamespace(RenderedChart.NAMESPACE)
                .endMetadata()
                .withData(
                    Map.of(
                        "secret",
                        Base64.getEncoder()
                            .encodeToString(
                                world.bind.keySecretBase64().getBytes(StandardCharsets.US_ASCII))))
                .build())
        .create();
    admin
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: senderdomain.dev/v1alpha1
                kind: ClusterDnsProvider
                metadata: {name: shared-bind}
                spec:
                  allowedServiceAccounts: [mail-sender]
                  rfc2136:
                    server: %s
                    port: %d
                    zone: example.com
                    tsig: {keyName: %s, algorithm: %s, secretRef: {name: shared-tsig, key: secret}}
                """
                    .formatted(
                        world.bind.host(),
                        world.bind.port(),
                        world.bind.keyName(),
                        world.bind.keyAlgorithm()),
                GenericKubernetesResource.class))
        .create();
    admin
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: senderdomain.dev/v1alpha1
                kind: SenderDomain
                metadata: {name: shop, namespace: mail}
                spec:
                  domain: shop.example.com
                  providerRef: {name: shared-bind, kind: ClusterDnsProvider}
                  spf: {include: [_spf.mailer.example.net]}
                  sendingLimits: {perHour: 1000}
                """,
                GenericKubernetesResource.class))
        .create();

    var operator =
        world.operator("senderdomain-operator-9a1b-skew").awaitReady(Duration.ofSeconds(90));
    await().atMost(Duration.ofSeconds(120)).until(() -> world.converged("shop"));

    // What a newer operator wrote into the status; then a spec edit makes this one write it again.
    for (int attempt = 0; ; attempt++) {
      GenericKubernetesResource sd = shop();
      ((Map<String, Object>) sd.getAdditionalProperties().get("status"))
          .put("deliverability", Map.of("score", 97));
      try {
        admin
            .genericKubernetesResources(SENDER_DOMAINS)
            .inNamespace("mail")
            .resource(sd)
            .updateStatus();
        break;
      } catch (KubernetesClientException conflict) {
        if (conflict.getCode() != 409 || attempt > 20) {
          throw conflict;
        }
      }
    }
    long generation =
        admin
            .resources(dev.senderdomain.operator.api.v1alpha1.SenderDomain.class)
            .inNamespace("mail")
            .withName("shop")
            .edit(
                sd -> {
                  sd.getSpec().spf.include = List.of("_spf.other.example.net");
                  return sd;
                })
            .getMetadata()
            .getGeneration();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> world.get("shop").getStatus().observedGeneration == generation);

    GenericKubernetesResource after = shop();
    assertThat(operator.alive()).isTrue();
    assertThat(operator.log())
        .doesNotContain("Informer startup error")
        .doesNotContain("UnrecognizedPropertyException");
    assertThat(after.get("spec", "sendingLimits", "perHour").toString()).isEqualTo("1000");
    assertThat(after.get("status", "deliverability", "score").toString()).isEqualTo("97");
    assertThat(world.txt("shop.example.com"))
        .contains("v=spf1 include:_spf.other.example.net -all");
    assertThat(
            admin
                .genericKubernetesResources("senderdomain.dev/v1alpha1", "ClusterDnsProvider")
                .withName("shared-bind")
                .get()
                .get("spec", "allowedServiceAccounts")
                .toString())
        .isEqualTo("[mail-sender]");
  }

  GenericKubernetesResource shop() {
    return world
        .api
        .admin()
        .genericKubernetesResources(SENDER_DOMAINS)
        .inNamespace("mail")
        .withName("shop")
        .get();
  }

  /**
   * The committed CRDs as a later version would ship them: ClusterDnsProvider with {@code
   * spec.allowedServiceAccounts}, SenderDomain with {@code spec.sendingLimits} and {@code
   * status.deliverability}.
   */
  static List<String> newerCrds() throws Exception {
    List<String> out = new ArrayList<>();
    for (String yaml : ApiServerStandIn.committedCrds()) {
      ObjectNode crd = (ObjectNode) YAML.readTree(yaml);
      String kind = crd.path("spec").path("names").path("kind").asText();
      ObjectNode schema =
          (ObjectNode)
              crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
      if (kind.equals("ClusterDnsProvider")) {
        props(schema, "spec")
            .set(
                "allowedServiceAccounts",
                YAML.readTree("{type: array, items: {type: string}, description: since v1alpha2}"));
      }
      if (kind.equals("SenderDomain")) {
        props(schema, "spec")
            .set(
                "sendingLimits",
                YAML.readTree(
                    "{type: object, description: x, properties: {perHour: {type: integer}}}"));
        props(schema, "status")
            .set(
                "deliverability",
                YAML.readTree(
                    "{type: object, description: x, properties: {score: {type: integer}}}"));
      }
      out.add(YAML.writeValueAsString(crd));
    }
    return out;
  }

  private static ObjectNode props(ObjectNode schema, String field) {
    JsonNode f = schema.path("properties").path(field);
    return (ObjectNode) f.path("properties");
  }
}
