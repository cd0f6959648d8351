package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `helm template` with the chart's default values, checked object by object. */
class HelmChartDefaultValuesTest {
  /**
   * The operator's rights on everything but Leases, exactly (the contract of the `run` command).
   */
  static final String[] OPERATOR_RIGHTS = {
    "senderdomain.dev senderdomains get list watch update patch",
    "senderdomain.dev senderdomains/status update patch",
    "senderdomain.dev dnsproviders get list watch",
    "senderdomain.dev dnsproviders/status update patch",
    "senderdomain.dev clusterdnsproviders get list watch",
    "senderdomain.dev clusterdnsproviders/status update patch",
    "core namespaces get",
    "core secrets get create update patch delete",
    "core events create patch",
    "events.k8s.io events create patch",
    "authorization.k8s.io selfsubjectrulesreviews create",
  };

  static HelmChart.Rendered rendered;

  @BeforeAll
  static void render() {
    rendered = HelmChart.renderDefaults();
  }

  @Test
  void rendersTheOperatorAndNothingOptional() {
    assertThat(rendered.kinds())
        .containsExactly(
            "ClusterRole",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "Deployment",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "Service",
            "ServiceAccount");
  }

  @Test
  void clusterRoleGrantsExactlyTheOperatorsRights() {
    ClusterRole role = rendered.named(ClusterRole.class, null, HelmChart.RELEASE).orElseThrow();
    assertThat(RbacGrants.of(role.getRules()))
        .containsExactlyElementsOf(RbacGrants.parse(OPERATOR_RIGHTS));
  }

  @Test
  void noRuleUsesAWildcard() {
    assertThat(allRules(rendered))
        .allSatisfy(
            rule ->
                assertThat(
                        Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                            .flatMap(List::stream))
                    .noneMatch(word -> word.contains("*")));
  }

  @Test
  void grantsNoDnsEndpointRightsWhileExternalDnsIsOff() {
    assertThat(allRules(rendered))
        .noneMatch(rule -> rule.getApiGroups().contains("externaldns.k8s.io"));
    assertThat(env(container(rendered))).containsEntry("SDO_EXTERNALDNS_ENABLED", "false");
  }

  @Test
  void grantsLeaseRightsOnlyInTheReleaseNamespace() {
    assertThat(leaseGrantHolders(rendered))
        .containsExactly(
            "Role " + HelmChart.NAMESPACE + "/" + HelmChart.RELEASE + "-leader-election");
    Role role =
        rendered
            .named(Role.class, HelmChart.NAMESPACE, HelmChart.RELEASE + "-leader-election")
            .orElseThrow();
    // What Fabric8's LeaseLock sends (GET, POST, then a merge PATCH per renewal) plus the PUT with
    // which OperatorRuntime hands the Lease over; e2e/ring/LeaderElectionRingIT runs it under RBAC.
    assertThat(RbacGrants.of(role.getRules()))
        .containsExactlyElementsOf(
            RbacGrants.parse("coordination.k8s.io leases get create update patch"));
    assertThat(env(container(rendered)))
        .containsEntry("SDO_LEADER_ELECTION", "true")
        .containsEntry("SDO_LEADER_ELECTION_NAMESPACE", HelmChart.NAMESPACE);
  }

  @Test
  void everyBindingGrantsToTheServiceAccountThePodRunsAs() {
    ServiceAccount account = rendered.one(ServiceAccount.class);
    assertThat(deployment(rendered).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
    assertThat(subjects(rendered))
        .isNotEmpty()
        .allSatisfy(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
              assertThat(subject.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            });
    assertThat(rendered.one(ClusterRoleBinding.class).getRoleRef().getName())
        .isEqualTo(HelmChart.RELEASE);
  }

  @Test
  void podMeetsTheRestrictedPodSecurityStandard() {
    assertThat(
            RestrictedPodSecurity.violations(
                deployment(rendered).getSpec().getTemplate().getSpec()))
        .isEmpty();
  }

  @Test
  void probesAskTheOperatorsHealthEndpointsOnItsHttpPort() {
    Container c = container(rendered);
    assertThat(c.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http");
              assertThat(port.getContainerPort()).isEqualTo(8080);
            });
    assertThat(env(c)).containsEntry("SDO_HTTP_PORT", "8080");
    assertProbe(c.getStartupProbe(), "/healthz/started");
    assertProbe(c.getLivenessProbe(), "/healthz/live");
    assertProbe(c.getReadinessProbe(), "/healthz/ready");
    // A JVM with informers takes tens of seconds: the start-up probe must allow minutes, not
    // seconds.
    Probe startup = c.getStartupProbe();
    assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
        .isGreaterThanOrEqualTo(120);
  }

  static void assertProbe(Probe probe, String path) {
    assertThat(probe).as(path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void containerRunsTheRunCommandConfiguredByTheContractsEnvironment() {
    Container c = container(rendered);
    assertThat(c.getCommand()).as("the image's entrypoint starts the jar").isEmpty();
    assertThat(c.getArgs()).containsExactly("run");
    assertThat(env(c))
        .containsEntry("SDO_NAMESPACES", "")
        .containsEntry("SDO_LOG_FORMAT", "json")
        .containsEntry("SDO_RESYNC_INTERVAL", "10m")
        .containsEntry("SDO_REPORT_STORE_URL", "h2:/data/reports/reports")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError")
        .doesNotContainKey("SDO_REPORT_STORE_PASSWORD");
    Map<String, String> downward =
        c.getEnv().stream()
            .filter(e -> e.getValueFrom() != null)
            .collect(
                Collectors.toMap(
                    EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
    assertThat(downward)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("POD_NAMESPACE", "metadata.namespace", "POD_NAME", "metadata.name"));
  }

  @Test
  void onlyTmpAndDataAreWritableAndBothAreEmptyDirs() {
    Container c = container(rendered);
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactlyInAnyOrder("/tmp", "/data");
    assertThat(c.getVolumeMounts()).allMatch(m -> !Boolean.TRUE.equals(m.getReadOnly()));
    assertThat(deployment(rendered).getSpec().getTemplate().getSpec().getVolumes())
        .allSatisfy(v -> assertThat(v.getEmptyDir()).as(v.getName()).isNotNull());
  }

  @Test
  void containerHasMemoryAndCpuRequestsAndLimits() {
    var resources = container(rendered).getResources();
    assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    assertThat(resources.getLimits()).containsKeys("cpu", "memory");
    assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")))
        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(resources.getRequests().get("memory")));
  }

  @Test
  void disruptionBudgetNeverBlocksTheDrainOfASingleReplica() {
    PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class);
    assertThat(deployment(rendered).getSpec().getReplicas()).isEqualTo(1);
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(podLabels(rendered))
        .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void serviceSelectsTheOperatorPodsAndExposesTheHttpPort() {
    Service service = rendered.one(Service.class);
    assertThat(podLabels(rendered)).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
  }

  static Deployment deployment(HelmChart.Rendered r) {
    return r.one(Deployment.class);
  }

  static Container container(HelmChart.Rendered r) {
    List<Container> containers = deployment(r).getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  static Map<String, String> podLabels(HelmChart.Rendered r) {
    return deployment(r).getSpec().getTemplate().getMetadata().getLabels();
  }

  static Map<String, String> env(Container c) {
    return c.getEnv().stream()
        .filter(e -> e.getValueFrom() == null)
        .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
  }

  static List<PolicyRule> allRules(HelmChart.Rendered r) {
    return Stream.concat(
            r.all(ClusterRole.class).stream().flatMap(c -> c.getRules().stream()),
            r.all(Role.class).stream().flatMap(c -> c.getRules().stream()))
        .toList();
  }

  static List<Subject> subjects(HelmChart.Rendered r) {
    return Stream.concat(
            r.all(ClusterRoleBinding.class).stream().flatMap(b -> b.getSubjects().stream()),
            r.all(RoleBinding.class).stream().flatMap(b -> b.getSubjects().stream()))
        .toList();
  }

  /** "Kind namespace/name" of every Role or ClusterRole that grants anything on Leases. */
  static List<String> leaseGrantHolders(HelmChart.Rendered r) {
    Stream<String> roles =
        r.all(Role.class).stream()
            .filter(role -> grantsLeases(role.getRules()))
            .map(
                role ->
                    "Role "
                        + role.getMetadata().getNamespace()
                        + "/"
                        + role.getMetadata().getName());
    Stream<String> clusterRoles =
        r.all(ClusterRole.class).stream()
            .filter(role -> grantsLeases(role.getRules()))
            .map(role -> "ClusterRole " + role.getMetadata().getName());
    return Stream.concat(roles, clusterRoles).toList();
  }

  private static boolean grantsLeases(List<PolicyRule> rules) {
    return RbacGrants.of(rules).stream().anyMatch(g -> g.resource().equals("leases"));
  }

  static String describe(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
