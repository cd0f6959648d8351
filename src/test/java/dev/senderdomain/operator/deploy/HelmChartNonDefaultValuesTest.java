package dev.senderdomain.operator.deploy;

import static dev.senderdomain.operator.deploy.HelmChartDefaultValuesTest.allRules;
import static dev.senderdomain.operator.deploy.HelmChartDefaultValuesTest.container;
import static dev.senderdomain.operator.deploy.HelmChartDefaultValuesTest.deployment;
import static dev.senderdomain.operator.deploy.HelmChartDefaultValuesTest.env;
import static dev.senderdomain.operator.deploy.HelmChartDefaultValuesTest.leaseGrantHolders;
import static dev.senderdomain.operator.deploy.HelmChartDefaultValuesTest.podLabels;
import static dev.senderdomain.operator.deploy.HelmChartDefaultValuesTest.subjects;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `helm template` with src/test/resources/chart-values/namespaced-ha-postgresql.yaml: namespaced
 * mode watching team-a and team-b, the ExternalDNS adapter, two replicas, the Lease in sdo-leases,
 * the PostgreSQL report store, a ServiceMonitor and the Grafana dashboard.
 */
class HelmChartNonDefaultValuesTest {
  static final List<String> WATCHED = List.of("team-a", "team-b");
  static final String LEADER_NAMESPACE = "sdo-leases";
  static final String[] NAMESPACED_RIGHTS = {
    "senderdomain.dev senderdomains get list watch update patch",
    "senderdomain.dev senderdomains/status update patch",
    "senderdomain.dev dnsproviders get list watch",
    "senderdomain.dev dnsproviders/status update patch",
    "core secrets get create update patch delete",
    "core events create patch",
    "events.k8s.io events create patch",
    "externaldns.k8s.io dnsendpoints get list watch create update patch delete",
  };
  static final String[] CLUSTER_SCOPED_RIGHTS = {
    "senderdomain.dev clusterdnsproviders get list watch",
    "senderdomain.dev clusterdnsproviders/status update patch",
    "core namespaces get",
    "authorization.k8s.io selfsubjectrulesreviews create",
  };

  static HelmChart.Rendered rendered;

  @BeforeAll
  static void render() {
    rendered = HelmChart.render(HelmChart.testValues("namespaced-ha-postgresql.yaml"), Map.of());
  }

  @Test
  void grantsNamespacedRightsWithOneRolePerWatchedNamespace() {
    for (String namespace : WATCHED) {
      Role role = rendered.named(Role.class, namespace, HelmChart.RELEASE).orElseThrow();
      assertThat(RbacGrants.of(role.getRules()))
          .as(namespace)
          .containsExactlyElementsOf(RbacGrants.parse(NAMESPACED_RIGHTS));
      RoleBinding binding =
          rendered.named(RoleBinding.class, namespace, HelmChart.RELEASE).orElseThrow();
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(binding.getRoleRef().getName()).isEqualTo(HelmChart.RELEASE);
    }
  }

  @Test
  void clusterRoleHoldsOnlyClusterScopedRights() {
    ClusterRole role =
        rendered
            .named(ClusterRole.class, null, HelmChart.RELEASE + "-cluster-scoped")
            .orElseThrow();
    assertThat(role.getMetadata().getName()).isEqualTo(HelmChart.RELEASE + "-cluster-scoped");
    assertThat(RbacGrants.of(role.getRules()))
        .containsExactlyElementsOf(RbacGrants.parse(CLUSTER_SCOPED_RIGHTS));
  }

  @Test
  void readsCredentialSecretsOfClusterDnsProvidersInTheReleaseNamespaceOnly() {
    Role role =
        rendered
            .named(Role.class, HelmChart.NAMESPACE, HelmChart.RELEASE + "-credentials")
            .orElseThrow();
    assertThat(RbacGrants.of(role.getRules()))
        .containsExactlyElementsOf(RbacGrants.parse("core secrets get"));
    Set<String> namespacesWithSecretRights =
        rendered.all(Role.class).stream()
            .filter(
                r ->
                    RbacGrants.of(r.getRules()).stream()
                        .anyMatch(g -> g.resource().equals("secrets")))
            .map(r -> r.getMetadata().getNamespace())
            .collect(Collectors.toSet());
    assertThat(rendered.all(ClusterRole.class))
        .noneMatch(
            r ->
                RbacGrants.of(r.getRules()).stream().anyMatch(g -> g.resource().equals("secrets")));
    assertThat(namespacesWithSecretRights)
        .containsExactlyInAnyOrder("team-a", "team-b", HelmChart.NAMESPACE);
  }

  @Test
  void grantsDnsEndpointRightsOnlyInWatchedNamespacesWhenExternalDnsIsOn() {
    assertThat(rendered.all(Role.class))
        .filteredOn(
            r ->
                r.getRules().stream()
                    .anyMatch(rule -> rule.getApiGroups().contains("externaldns.k8s.io")))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrderElementsOf(WATCHED);
    assertThat(env(container(rendered))).containsEntry("SDO_EXTERNALDNS_ENABLED", "true");
  }

  @Test
  void grantsLeaseRightsOnlyInTheLeaderElectionNamespace() {
    assertThat(leaseGrantHolders(rendered))
        .containsExactly("Role " + LEADER_NAMESPACE + "/" + HelmChart.RELEASE + "-leader-election");
    assertThat(env(container(rendered)))
        .containsEntry("SDO_LEADER_ELECTION_NAMESPACE", LEADER_NAMESPACE);
  }

  @Test
  void noRuleUsesAWildcard() {
    assertThat(allRules(rendered))
        .isNotEmpty()
        .allSatisfy(
            rule ->
                assertThat(
                        Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                            .flatMap(List::stream))
                    .noneMatch(word -> word.contains("*")));
  }

  @Test
  void everyBindingGrantsToTheOperatorsServiceAccount() {
    ServiceAccount account = rendered.one(ServiceAccount.class);
    assertThat(account.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/sdo-route53");
    assertThat(subjects(rendered))
        .hasSize(5)
        .allSatisfy(
            s -> {
              assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            });
  }

  @Test
  void passesTheWatchedNamespacesAndSettingsToTheOperator() {
    assertThat(env(container(rendered)))
        .containsEntry("SDO_NAMESPACES", "team-a,team-b")
        .containsEntry("SDO_LOG_FORMAT", "text")
        .containsEntry("SDO_RESYNC_INTERVAL", "5m");
  }

  @Test
  void readsThePostgresqlPasswordFromASecretNeverFromValues() {
    var c = container(rendered);
    assertThat(env(c))
        .containsEntry(
            "SDO_REPORT_STORE_URL",
            "jdbc:postgresql://db.example:5432/sdo?user=sdo&sslmode=verify-full");
    EnvVar password =
        c.getEnv().stream()
            .filter(e -> e.getName().equals("SDO_REPORT_STORE_PASSWORD"))
            .findFirst()
            .orElseThrow();
    assertThat(password.getValue()).isNull();
    assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sdo-db");
    assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
  }

  @Test
  void runsTwoReplicasPreferablyOnDifferentNodesStillRestricted() {
    var pod = deployment(rendered).getSpec().getTemplate().getSpec();
    assertThat(deployment(rendered).getSpec().getReplicas()).isEqualTo(2);
    var term =
        pod.getAffinity()
            .getPodAntiAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution()
            .get(0);
    assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(podLabels(rendered))
        .containsAllEntriesOf(term.getPodAffinityTerm().getLabelSelector().getMatchLabels());
    assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
  }

  @Test
  void serviceMonitorScrapesMetricsFromTheOperatorsService() {
    GenericKubernetesResource monitor =
        rendered.all(GenericKubernetesResource.class).stream()
            .filter(o -> o.getKind().equals("ServiceMonitor"))
            .findFirst()
            .orElseThrow();
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, Object> endpoint =
        monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    Service service = rendered.one(Service.class);
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains("http");
  }

  @Test
  void dashboardConfigMapCarriesTheShippedDashboardForTheGrafanaSidecar() throws Exception {
    ConfigMap dashboard = rendered.one(ConfigMap.class);
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData().get("senderdomain-operator.json"))
        .isEqualTo(
            Files.readString(HelmChart.DIR.resolve("files/grafana-dashboard.json"))
                .stripTrailing());
    assertThat(dashboard.getData().get("senderdomain-operator-reports.json"))
        .isEqualTo(
            Files.readString(HelmChart.DIR.resolve("files/grafana-dashboard-reports.json"))
                .stripTrailing());
  }
}
