package dev.senderdomain.operator.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * RBAC rules flattened into single (group, resource, verb) grants, so rule sets compare exactly.
 */
final class RbacGrants {
  private RbacGrants() {}

  record Grant(String apiGroup, String resource, String verb) implements Comparable<Grant> {
    @Override
    public int compareTo(Grant o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
    }
  }

  static Set<Grant> of(List<PolicyRule> rules) {
    Set<Grant> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
        throw new AssertionError("resourceNames are not expected in the operator's rules: " + rule);
      }
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        throw new AssertionError(
            "nonResourceURLs are not expected in the operator's rules: " + rule);
      }
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(new Grant(group, resource, verb));
          }
        }
      }
    }
    return grants;
  }

  /** "group resource verb verb ..." lines, as the tests write the intended rights. */
  static Set<Grant> parse(String... lines) {
    Set<Grant> grants = new TreeSet<>();
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
      String group = words[0].equals("core") ? "" : words[0];
      for (int i = 2; i < words.length; i++) {
        grants.add(new Grant(group, words[1], words[i]));
      }
    }
    return grants;
  }
}
