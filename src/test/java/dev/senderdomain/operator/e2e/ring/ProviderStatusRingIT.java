package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderStatus;
import dev.senderdomain.operator.testsupport.ApiServerStandIn;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The providers' status as deployed: the operator as its own process with only the chart's RBAC
 * writes the Ready condition of a namespaced DnsProvider (its TSIG Secret beside it) and of
 * ClusterDnsProviders (their Secrets in the operator's namespace), after checking them against a
 * real BIND. A ClusterDnsProvider whose Secret holds a wrong key reads False, Unauthorized.
 */
class ProviderStatusRingIT {
  DeployedWorld world;

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void theOperatorWritesEachProvidersReadyConditionUnderTheChartsRbac() {
    world = DeployedWorld.start(ApiServerStandIn.builder());
    KubernetesClient admin = world.api.admin();
    DeployedWorld.operatorNamespaceSecret(admin, "company-tsig", world.bind.keySecretBase64());
    DeployedWorld.operatorNamespaceSecret(
        admin, "stale-tsig", Base64.getEncoder().encodeToString(new byte[32]));
    admin.resource(world.clusterProvider("company", "company-tsig", "")).create();
    admin.resource(world.clusterProvider("stale", "stale-tsig", "")).create();
    world.operator("senderdomain-operator-a").awaitReady(Duration.ofSeconds(90));

    Condition namespaced =
        awaitReady(
            () ->
                status(
                    admin
                        .resources(DnsProvider.class)
                        .inNamespace(DeployedWorld.NS)
                        .withName(DeployedWorld.PROVIDER)
                        .get()),
            "True");
    assertThat(namespaced.getReason()).isEqualTo("Checked");
    assertThat(namespaced.getMessage()).contains("zone " + DeployedWorld.ZONE);

    Condition company = awaitReady(() -> clusterStatus(admin, "company"), "True");
    assertThat(company.getReason()).isEqualTo("Checked");

    Condition stale = awaitReady(() -> clusterStatus(admin, "stale"), "False");
    assertThat(stale.getReason()).isEqualTo("Unauthorized");
    assertThat(stale.getMessage()).doesNotContain(world.bind.keySecretBase64());
    ClusterDnsProvider p = admin.resources(ClusterDnsProvider.class).withName("stale").get();
    assertThat(p.getStatus().observedGeneration).isEqualTo(p.getMetadata().getGeneration());
  }

  private static DnsProviderStatus clusterStatus(KubernetesClient admin, String name) {
    return status(admin.resources(ClusterDnsProvider.class).withName(name).get());
  }

  private static DnsProviderStatus status(
      io.fabric8.kubernetes.client.CustomResource<?, DnsProviderStatus> p) {
    return p == null ? null : p.getStatus();
  }

  private static Condition awaitReady(Supplier<DnsProviderStatus> status, String expected) {
    Condition[] found = {null};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              DnsProviderStatus s = status.get();
              if (s == null || s.conditions == null) {
                return false;
              }
              found[0] =
                  s.conditions.stream()
                      .filter(c -> c.getType().equals("Ready") && expected.equals(c.getStatus()))
                      .findFirst()
                      .orElse(null);
              return found[0] != null;
            });
    return found[0];
  }
}
