package dev.senderdomain.operator.validate;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of Kubernetes objects: a DNS-1123 subdomain (lower-case letters, digits, '-' and '.',
 * starting and ending with a letter or digit, at most 253 characters), as the API server requires
 * of a Secret's or a DnsProvider's name. Checked here so {@code plan} and {@code push} refuse what
 * the API server would.
 */
final class KubernetesNames {
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private KubernetesNames() {}

  /** Why {@code name} cannot name an object, if it cannot. */
  static Optional<String> objectNameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.length() > 253) {
      return Optional.of("is longer than 253 characters");
    }
    if (!DNS1123_SUBDOMAIN.matcher(name).matches()) {
      return Optional.of(
          "'"
              + DnsNames.abbreviate(name)
              + "' is not a Kubernetes object name (lower-case letters, digits, '-' and '.',"
              + " starting and ending with a letter or digit)");
    }
    return Optional.empty();
  }
}
