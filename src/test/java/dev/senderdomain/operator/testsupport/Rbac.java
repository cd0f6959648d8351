package dev.senderdomain.operator.testsupport;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The RBAC authorizer of kube-apiserver over a set of Roles, ClusterRoles and bindings: a request
 * is allowed when a rule bound to one of the user's names or groups covers its verb, API group,
 * resource (or resource/subresource) and, where set, name; a RoleBinding grants only in its own
 * namespace. Non-resource requests for discovery and version, and the self-subject reviews, are
 * allowed to every authenticated user, as the default system:discovery, system:basic-user and
 * system:public-info-viewer bindings do.
 */
public final class Rbac {
  /** A user: its name and groups (system:authenticated included). */
  public record User(String name, Set<String> groups) {
    public static User serviceAccount(String namespace, String name) {
      return new User(
          "system:serviceaccount:" + namespace + ":" + name,
          Set.of(
              "system:serviceaccounts",
              "system:serviceaccounts:" + namespace,
              "system:authenticated"));
    }
  }

  private record Grant(String namespace, List<PolicyRule> rules) {}

  private final List<Role> roles = new ArrayList<>();
  private final List<ClusterRole> clusterRoles = new ArrayList<>();
  private final List<RoleBinding> roleBindings = new ArrayList<>();
  private final List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();

  /** The RBAC objects among {@code objects} (others are ignored). */
  public static Rbac of(List<HasMetadata> objects) {
    Rbac rbac = new Rbac();
    for (HasMetadata o : objects) {
      if (o instanceof Role r) {
        rbac.roles.add(r);
      } else if (o instanceof ClusterRole r) {
        rbac.clusterRoles.add(r);
      } else if (o instanceof RoleBinding b) {
        rbac.roleBindings.add(b);
      } else if (o instanceof ClusterRoleBinding b) {
        rbac.clusterRoleBindings.add(b);
      }
    }
    return rbac;
  }

  public boolean allows(User user, ApiRequest r) {
    if (user.groups().contains("system:masters")) {
      return true;
    }
    if (!r.resourceRequest()) {
      return r.method().equals("GET");
    }
    if (r.group().equals("authorization.k8s.io")
        && r.verb().equals("create")
        && r.resource().startsWith("selfsubject")) {
      return true;
    }
    if (r.group().equals("authentication.k8s.io")
        && r.verb().equals("create")
        && r.resource().equals("selfsubjectreviews")) {
      return true;
    }
    return grants(user).stream()
        .filter(g -> g.namespace() == null || g.namespace().equals(r.namespace()))
        .flatMap(g -> g.rules().stream())
        .anyMatch(rule -> covers(rule, r));
  }

  /** The rules that apply to {@code user} in {@code namespace} (cluster-wide ones included). */
  public List<PolicyRule> rulesFor(User user, String namespace) {
    return grants(user).stream()
        .filter(g -> g.namespace() == null || g.namespace().equals(namespace))
        .flatMap(g -> g.rules().stream())
        .toList();
  }

  private List<Grant> grants(User user) {
    List<Grant> out = new ArrayList<>();
    for (ClusterRoleBinding b : clusterRoleBindings) {
      if (binds(b.getSubjects(), user, null)) {
        out.add(new Grant(null, rulesOf(b.getRoleRef(), null)));
      }
    }
    for (RoleBinding b : roleBindings) {
      String ns = b.getMetadata().getNamespace();
      if (binds(b.getSubjects(), user, ns)) {
        out.add(new Grant(ns, rulesOf(b.getRoleRef(), ns)));
      }
    }
    return out;
  }

  private List<PolicyRule> rulesOf(RoleRef ref, String namespace) {
    if ("ClusterRole".equals(ref.getKind())) {
      return clusterRoles.stream()
          .filter(r -> r.getMetadata().getName().equals(ref.getName()))
          .flatMap(r -> r.getRules().stream())
          .toList();
    }
    return roles.stream()
        .filter(r -> r.getMetadata().getName().equals(ref.getName()))
        .filter(r -> r.getMetadata().getNamespace().equals(namespace))
        .flatMap(r -> r.getRules().stream())
        .toList();
  }

  private static boolean binds(List<Subject> subjects, User user, String bindingNamespace) {
    for (Subject s : subjects) {
      switch (s.getKind()) {
        case "ServiceAccount" -> {
          String ns = s.getNamespace() != null ? s.getNamespace() : bindingNamespace;
          if (user.name().equals("system:serviceaccount:" + ns + ":" + s.getName())) {
            return true;
          }
        }
        case "User" -> {
          if (user.name().equals(s.getName())) {
            return true;
          }
        }
        case "Group" -> {
          if (user.groups().contains(s.getName())) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  static boolean covers(PolicyRule rule, ApiRequest r) {
    return matches(rule.getVerbs(), r.verb())
        && matches(rule.getApiGroups(), r.group())
        && (matches(rule.getResources(), r.resourcePath())
            || (!r.subresource().isEmpty() && rule.getResources().contains("*/" + r.subresource())))
        && (rule.getResourceNames() == null
            || rule.getResourceNames().isEmpty()
            || rule.getResourceNames().contains(r.name()));
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }
}
