package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart values of a shared cluster (src/test/resources/chart-values/multi-tenant.yaml): the
 * dashboard's read token and the NetworkPolicy, rendered, linted and refused when misspelt.
 */
class HelmChartMultiTenantValuesTest {
  static final Path VALUES = HelmChart.testValues("multi-tenant.yaml");

  @Test
  void theDashboardTokenComesFromTheNamedSecretAndIsAbsentByDefault() {
    EnvVar token =
        env(HelmChart.render(VALUES, Map.of())).stream()
            .filter(e -> e.getName().equals("SDO_DASHBOARD_TOKEN"))
            .findFirst()
            .orElseThrow();
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sdo-dashboard");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    assertThat(env(HelmChart.renderDefaults()))
        .noneMatch(e -> e.getName().equals("SDO_DASHBOARD_TOKEN"));
  }

  @Test
  void theNetworkPolicyOpensOnlyTheHttpPortToTheSelectedNamespacesAndDnsApiAndExtraEgress() {
    NetworkPolicy policy = HelmChart.render(VALUES, Map.of()).one(NetworkPolicy.class);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "senderdomain-operator");
    var ingress = policy.getSpec().getIngress();
    assertThat(ingress).hasSize(1);
    assertThat(ingress.get(0).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(8080);
    assertThat(ingress.get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "monitoring");
    List<String> egress =
        policy.getSpec().getEgress().stream()
            .flatMap(e -> e.getPorts().stream())
            .map(HelmChartMultiTenantValuesTest::port)
            .toList();
    assertThat(egress)
        .containsExactly("53/UDP", "53/TCP", "443/TCP", "443/TCP", "5432/TCP", "993/TCP");
    assertThat(policy.getSpec().getEgress().get(2).getTo().get(0).getIpBlock().getCidr())
        .isEqualTo("10.0.0.0/8");
  }

  @Test
  void withoutANamespaceSelectorOnlyTheReleaseNamespaceMayConnect() {
    NetworkPolicy policy =
        HelmChart.render(null, Map.of("networkPolicy.enabled", true)).one(NetworkPolicy.class);
    var from = policy.getSpec().getIngress().get(0).getFrom().get(0);
    assertThat(from.getNamespaceSelector()).isNull();
    assertThat(from.getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(HelmChart.renderDefaults().all(NetworkPolicy.class)).isEmpty();
  }

  @Test
  void tenantsEditAndViewRolesIncludeSenderDomainsAndDnsProvidersButNotClusterDnsProviders() {
    HelmChart.Rendered rendered = HelmChart.renderDefaults();
    var edit =
        rendered
            .named(
                io.fabric8.kubernetes.api.model.rbac.ClusterRole.class,
                null,
                HelmChart.RELEASE + "-edit")
            .orElseThrow();
    assertThat(edit.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(RbacGrants.of(edit.getRules()))
        .containsExactlyElementsOf(
            RbacGrants.parse(
                "senderdomain.dev senderdomains get list watch create update patch delete"
                    + " deletecollection",
                "senderdomain.dev dnsproviders get list watch create update patch delete"
                    + " deletecollection"));
    var view =
        rendered
            .named(
                io.fabric8.kubernetes.api.model.rbac.ClusterRole.class,
                null,
                HelmChart.RELEASE + "-view")
            .orElseThrow();
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(RbacGrants.of(view.getRules()))
        .containsExactlyElementsOf(
            RbacGrants.parse(
                "senderdomain.dev senderdomains get list watch",
                "senderdomain.dev dnsproviders get list watch"));
    assertThat(
            HelmChart.render(null, Map.of("rbac.aggregateToDefaultRoles", false))
                .all(io.fabric8.kubernetes.api.model.rbac.ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(HelmChart.RELEASE);
  }

  @Test
  void podSecurityContextsArgsAndVolumesAreOverridable() {
    HelmChart.Rendered rendered =
        HelmChart.render(
            null,
            Map.of(
                "podSecurityContext.runAsUser", "null",
                "podSecurityContext.runAsGroup", "null",
                "podSecurityContext.fsGroup", "null",
                "securityContext.readOnlyRootFilesystem", false,
                "extraArgs[0]", "--public-dns-checks=false",
                "extraVolumes[0].name", "pg-ca",
                "extraVolumes[0].secret.secretName", "pg-ca",
                "extraVolumeMounts[0].name", "pg-ca",
                "extraVolumeMounts[0].mountPath", "/etc/sdo/ca"));
    var pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsUser()).as("OpenShift assigns the UID").isNull();
    assertThat(pod.getSecurityContext().getFsGroup()).isNull();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getArgs()).containsExactly("run", "--public-dns-checks=false");
    assertThat(pod.getVolumes())
        .extracting(v -> v.getName())
        .containsExactly("tmp", "data", "pg-ca");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("tmp:/tmp", "data:/data", "pg-ca:/etc/sdo/ca");
    var defaults =
        HelmChart.renderDefaults().one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(defaults.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(defaults.getContainers().get(0).getArgs()).containsExactly("run");
  }

  @Test
  void thePrometheusRuleAlertsOnNotReadyProviderErrorsProvidersNotReadyStalledRolloutsAndOldKeys() {
    var rule =
        HelmChart.render(VALUES, Map.of())
            .all(io.fabric8.kubernetes.api.model.HasMetadata.class)
            .stream()
            .filter(o -> o.getKind().equals("PrometheusRule"))
            .map(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules =
        (List<Map<String, Object>>)
            ((List<Map<String, Object>>)
                    ((Map<String, Object>) rule.getAdditionalProperties().get("spec"))
                        .get("groups"))
                .get(0)
                .get("rules");
    assertThat(rules)
        .extracting(r -> r.get("alert"))
        .containsExactly(
            "SenderDomainNotReady",
            "SenderDomainDnsProviderErrors",
            "SenderDomainDnsProviderNotReady",
            "SenderDomainRolloutNotProgressing",
            "SenderDomainDkimKeyTooOld");
    assertThat(rules.get(0).get("expr")).isEqualTo("senderdomain_ready == 0");
    assertThat(rules.get(0).get("for")).isEqualTo("30m");
    assertThat(rules.get(2).get("expr")).isEqualTo("senderdomain_provider_ready == 0");
    assertThat(rules.get(2).get("for")).isEqualTo("15m");
    assertThat((String) rules.get(3).get("expr"))
        .contains("changes(senderdomain_dmarc_pct[21d]) == 0");
    assertThat(rules.get(4).get("expr"))
        .isEqualTo("senderdomain_dkim_key_age_seconds > " + 100 * 86400);
    assertThat((String) ((Map<?, ?>) rules.get(0).get("annotations")).get("summary"))
        .isEqualTo("SenderDomain {{ $labels.namespace }}/{{ $labels.name }} is not Ready");
    assertThat(HelmChart.renderDefaults().all(io.fabric8.kubernetes.api.model.HasMetadata.class))
        .noneMatch(o -> o.getKind().equals("PrometheusRule"));
  }

  @Test
  void misspeltValuesAreRefused() {
    assertThatThrownBy(() -> HelmChart.renderYaml(null, Map.of("networkPolicy.enable", true)))
        .hasMessageContaining("at '/networkPolicy': additional properties 'enable' not allowed");
    assertThatThrownBy(() -> HelmChart.renderYaml(null, Map.of("http.readToken.secretName", "x")))
        .hasMessageContaining("additional properties 'secretName' not allowed");
  }

  @Test
  void chartPassesHelmLintInStrictModeWithTheseValues(@TempDir Path tmp) throws Exception {
    HelmChart.assertLintsCleanWith(
        tmp, new ObjectMapper(new YAMLFactory()).readTree(VALUES.toFile()));
  }

  static List<EnvVar> env(HelmChart.Rendered rendered) {
    return rendered
        .one(Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv();
  }

  static String port(NetworkPolicyPort p) {
    return p.getPort().getIntVal() + "/" + p.getProtocol();
  }
}
