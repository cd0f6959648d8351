package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.RotationRequest;
import java.util.Map;
import java.util.Objects;

/** Which changes to a SenderDomain are worth a reconcile (JOSDK's update filter). */
final class ReconcileTriggers {
  private ReconcileTriggers() {}

  /**
   * Which updates of a SenderDomain need a reconcile: spec edits (generation), the manual rotation
   * annotation, finalizer changes and deletion. Status patches (our own) and other metadata edits
   * do not.
   */
  static boolean relevantUpdate(SenderDomain newer, SenderDomain older) {
    if (older == null || newer.isMarkedForDeletion()) {
      return true;
    }
    return !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !Objects.equals(rotationAnnotation(newer), rotationAnnotation(older))
        || !Objects.equals(
            newer.getMetadata().getFinalizers(), older.getMetadata().getFinalizers());
  }

  private static String rotationAnnotation(SenderDomain sd) {
    Map<String, String> annotations = sd.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RotationRequest.ANNOTATION);
  }
}
