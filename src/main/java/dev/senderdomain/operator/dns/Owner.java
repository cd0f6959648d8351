package dev.senderdomain.operator.dns;

import java.util.Objects;

/**
 * Who publishes a domain's records: the SenderDomain {@code namespace/name} (the same for the
 * operator and push).
 */
public record Owner(String namespace, String name) {
  public Owner {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.contains("/") || name.contains("/") || (namespace + name).matches(".*[\\s;].*")) {
      throw new IllegalArgumentException(
          "owner parts must not contain '/', ';' or spaces: " + namespace + "/" + name);
    }
  }

  /** {@code namespace/name}. */
  public static Owner parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("owner must be namespace/name: " + text);
    }
    return new Owner(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
