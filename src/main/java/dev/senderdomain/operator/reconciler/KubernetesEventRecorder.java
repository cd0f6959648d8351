package dev.senderdomain.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** core/v1 Events, best effort: a failure to record an Event never fails a reconcile. */
public class KubernetesEventRecorder implements EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;
  private final String component;

  public KubernetesEventRecorder(KubernetesClient client, Clock clock, String component) {
    this.client = client;
    this.clock = clock;
    this.component = component;
  }

  @Override
  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  @Override
  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String ns = about.getMetadata().getNamespace();
    String now = clock.instant().toString();
    String text =
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      about.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 13))
                  .withNamespace(ns)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(about.getApiVersion())
                          .withKind(about.getKind())
                          .withName(about.getMetadata().getName())
                          .withNamespace(ns)
                          .withUid(about.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(text)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource(component, null)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} for {}/{}: {}",
          reason,
          ns,
          about.getMetadata().getName(),
          e.getCode());
    }
  }
}
