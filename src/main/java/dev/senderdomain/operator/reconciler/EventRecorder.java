package dev.senderdomain.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Kubernetes Events about a resource. Messages never contain secrets. */
public interface EventRecorder {
  void normal(HasMetadata about, String reason, String message);

  void warning(HasMetadata about, String reason, String message);
}
