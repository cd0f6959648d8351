package dev.senderdomain.operator.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Kubernetes Pod Security Standard "restricted" (which includes "baseline") that
 * a PodSpec can fail, as the pod-security admission controller applies them, plus a read-only root
 * filesystem, which this project asks for on top. Returns one message per violation; empty means
 * the pod would be admitted.
 */
final class RestrictedPodSecurity {
  private static final Set<String> ALLOWED_VOLUME_SOURCES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");
  private static final Set<String> ALLOWED_SECCOMP = Set.of("RuntimeDefault", "Localhost");

  private RestrictedPodSecurity() {}

  static List<String> violations(PodSpec pod) {
    List<String> out = new ArrayList<>();
    if (Boolean.TRUE.equals(pod.getHostNetwork())) {
      out.add("hostNetwork");
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      out.add("hostPID");
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      out.add("hostIPC");
    }
    for (Volume volume : pod.getVolumes()) {
      String source = volumeSource(volume);
      if (!ALLOWED_VOLUME_SOURCES.contains(source)) {
        out.add("volume " + volume.getName() + " of type " + source);
      }
    }
    PodSecurityContext podContext = pod.getSecurityContext();
    Boolean podNonRoot = podContext == null ? null : podContext.getRunAsNonRoot();
    Long podUser = podContext == null ? null : podContext.getRunAsUser();
    String podSeccomp = podContext == null ? null : seccompType(podContext.getSeccompProfile());
    if (podUser != null && podUser == 0) {
      out.add("pod runAsUser 0");
    }
    if (podSeccomp != null && !ALLOWED_SECCOMP.contains(podSeccomp)) {
      out.add("pod seccomp " + podSeccomp);
    }
    List<Container> containers =
        Stream.of(pod.getInitContainers(), pod.getContainers()).flatMap(List::stream).toList();
    for (Container c : containers) {
      String name = "container " + c.getName() + ": ";
      SecurityContext sc =
          c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        out.add(name + "privileged");
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        out.add(name + "allowPrivilegeEscalation not false");
      }
      Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podNonRoot;
      if (!Boolean.TRUE.equals(nonRoot)) {
        out.add(name + "runAsNonRoot not true");
      }
      if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        out.add(name + "runAsUser 0");
      }
      String seccomp =
          sc.getSeccompProfile() != null ? seccompType(sc.getSeccompProfile()) : podSeccomp;
      if (!ALLOWED_SECCOMP.contains(String.valueOf(seccomp))) {
        out.add(name + "seccomp profile " + seccomp);
      }
      List<String> drop = sc.getCapabilities() == null ? List.of() : sc.getCapabilities().getDrop();
      List<String> add = sc.getCapabilities() == null ? List.of() : sc.getCapabilities().getAdd();
      if (!drop.contains("ALL")) {
        out.add(name + "capabilities not dropping ALL");
      }
      add.stream()
          .filter(cap -> !cap.equals("NET_BIND_SERVICE"))
          .forEach(cap -> out.add(name + "adds " + cap));
      if (c.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
        out.add(name + "hostPort");
      }
      if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
        out.add(name + "procMount");
      }
      if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
        out.add(name + "root filesystem writable");
      }
    }
    return out;
  }

  private static String seccompType(SeccompProfile profile) {
    return profile == null ? null : profile.getType();
  }

  /** The one volume source set on a Volume, by its JSON field name. */
  @SuppressWarnings("unchecked")
  private static String volumeSource(Volume volume) {
    Map<String, Object> fields =
        io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
            .convertValue(volume, Map.class);
    return fields.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElse("none");
  }
}
