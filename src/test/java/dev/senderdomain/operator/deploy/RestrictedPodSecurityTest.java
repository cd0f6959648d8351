package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The restricted-profile checker used on the chart finds each violation on an otherwise compliant
 * pod.
 */
class RestrictedPodSecurityTest {
  private static final PodSpec CHART_POD =
      HelmChart.renderDefaults().one(Deployment.class).getSpec().getTemplate().getSpec();

  /** A fresh copy of the chart's pod, for one test to change. */
  static PodSpec chartPod() {
    return Serialization.clone(CHART_POD);
  }

  @Test
  void chartPodHasNoViolation() {
    assertThat(RestrictedPodSecurity.violations(chartPod())).isEmpty();
  }

  static Stream<Arguments> breaches() {
    return Stream.of(
        breach("host network", p -> p.setHostNetwork(true), "hostNetwork"),
        breach(
            "host path volume",
            p ->
                p.getVolumes()
                    .add(
                        new VolumeBuilder()
                            .withName("host")
                            .withHostPath(new HostPathVolumeSource("/var/run", null))
                            .build()),
            "volume host of type hostPath"),
        breach("root user", p -> p.getSecurityContext().setRunAsUser(0L), "pod runAsUser 0"),
        breach(
            "runAsNonRoot off",
            p -> {
              p.getSecurityContext().setRunAsNonRoot(null);
              container(p).getSecurityContext().setRunAsNonRoot(null);
            },
            "container operator: runAsNonRoot not true"),
        breach(
            "privilege escalation allowed",
            p -> container(p).getSecurityContext().setAllowPrivilegeEscalation(true),
            "container operator: allowPrivilegeEscalation not false"),
        breach(
            "privileged",
            p -> container(p).getSecurityContext().setPrivileged(true),
            "container operator: privileged"),
        breach(
            "capabilities kept",
            p -> container(p).getSecurityContext().getCapabilities().setDrop(List.of()),
            "container operator: capabilities not dropping ALL"),
        breach(
            "capability added",
            p -> container(p).getSecurityContext().getCapabilities().setAdd(List.of("NET_ADMIN")),
            "container operator: adds NET_ADMIN"),
        breach(
            "seccomp unconfined",
            p ->
                container(p)
                    .getSecurityContext()
                    .setSeccompProfile(new SeccompProfile(null, "Unconfined")),
            "container operator: seccomp profile"),
        breach(
            "host port",
            p ->
                container(p)
                    .getPorts()
                    .add(
                        new ContainerPortBuilder()
                            .withContainerPort(9090)
                            .withHostPort(9090)
                            .build()),
            "container operator: hostPort"),
        breach(
            "writable root filesystem",
            p -> container(p).getSecurityContext().setReadOnlyRootFilesystem(null),
            "container operator: root filesystem writable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breaches")
  void findsTheBreach(String what, Consumer<PodSpec> breach, String violation) {
    PodSpec pod = chartPod();
    breach.accept(pod);
    assertThat(RestrictedPodSecurity.violations(pod))
        .singleElement()
        .asString()
        .startsWith(violation);
  }

  private static Arguments breach(String what, Consumer<PodSpec> change, String violation) {
    return Arguments.of(what, change, violation);
  }

  private static io.fabric8.kubernetes.api.model.Container container(PodSpec pod) {
    return pod.getContainers().get(0);
  }
}
