package dev.senderdomain.operator.dkim;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a SenderDomain's keys are kept and what happens to them: the one rule for the key Secret,
 * shared by the operator and {@code push}.
 *
 * @param name the key Secret: the key ring is read from it and written to it
 * @param adoptFrom a user's own key Secret ({@code spec.dkim.existingSecretName}), read only while
 *     the key Secret holds no ring yet; its keys are adopted into the ring
 * @param deleteWithDomain whether deleting the SenderDomain deletes the key Secret (default: kept,
 *     like cert-manager keeps a Certificate's Secret)
 * @param template labels and annotations copied onto the key Secret
 */
public record KeySecretSettings(
    String name, Optional<String> adoptFrom, boolean deleteWithDomain, Template template) {
  public KeySecretSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(adoptFrom, "adoptFrom");
    Objects.requireNonNull(template, "template");
  }

  /** The default for a SenderDomain named {@code resourceName}: {@code <name>-dkim}, kept. */
  public static String defaultName(String resourceName) {
    return resourceName + "-dkim";
  }

  /**
   * Labels and annotations for the key Secret (like cert-manager's secretTemplate), sorted so the
   * Secret is the same bytes from every process.
   */
  public record Template(SortedMap<String, String> labels, SortedMap<String, String> annotations) {
    public static final Template NONE = new Template(new TreeMap<>(), new TreeMap<>());

    public Template {
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
      annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }

    public static Template of(Map<String, String> labels, Map<String, String> annotations) {
      return new Template(
          labels == null ? new TreeMap<>() : new TreeMap<>(labels),
          annotations == null ? new TreeMap<>() : new TreeMap<>(annotations));
    }
  }
}
