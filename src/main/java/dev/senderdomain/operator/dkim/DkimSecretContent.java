package dev.senderdomain.operator.dkim;

import java.util.Map;
import java.util.TreeMap;

/**
 * The content of the key Secret as plain maps. {@code data} values are plain strings: the
 * reconciler base64-encodes them for the Secret's {@code data} field. {@link #toString()} lists
 * data keys only, never values.
 */
public record DkimSecretContent(
    Map<String, String> data, Map<String, String> labels, Map<String, String> annotations) {
  public DkimSecretContent {
    data = java.util.Collections.unmodifiableMap(new TreeMap<>(data));
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  @Override
  public String toString() {
    return "DkimSecretContent[data keys="
        + data.keySet()
        + ", labels="
        + labels
        + ", annotations="
        + annotations.keySet()
        + "]";
  }
}
