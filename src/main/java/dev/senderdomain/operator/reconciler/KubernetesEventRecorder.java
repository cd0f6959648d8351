package dev.senderdomain.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events, best effort: a failure to record an Event never fails a reconcile.
 *
 * <p>Repeats are aggregated as client-go's event recorder does: the same type and reason about the
 * same object updates the Event already recorded ({@code count} + 1, {@code lastTimestamp} and the
 * latest message, as client-go combines similar Events whose messages differ) instead of adding
 * one, so a failure retried for minutes is one line in {@code kubectl describe}, not a page. A
 * failure's message often differs from try to try (a DNS message id, a port) though nothing else
 * did.
 */
public class KubernetesEventRecorder implements EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  /** Distinct Events remembered for aggregation (client-go keeps 4096 too). */
  private static final int REMEMBERED = 4096;

  /** An Event recorded: its name, how often it happened and its latest message. */
  private record Recorded(String name, int count, String message) {}

  private final Map<String, Recorded> recorded =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
          return size() > REMEMBERED;
        }
      };

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

  private synchronized void record(HasMetadata about, String type, String reason, String message) {
    String ns = about.getMetadata().getNamespace();
    String now = clock.instant().toString();
    String text =
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    String key =
        String.join(
            "\n",
            ns,
            about.getMetadata().getName(),
            String.valueOf(about.getMetadata().getUid()),
            type,
            reason);
    Recorded before = recorded.get(key);
    if (before != null && repeat(ns, before, text, now)) {
      recorded.put(key, new Recorded(before.name(), before.count() + 1, text));
      return;
    }
    String name =
        about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13);
    if (create(about, ns, name, type, reason, text, now)) {
      recorded.put(key, new Recorded(name, 1, text));
    }
  }

  /** Counts a repeat on the Event recorded before; false when that Event is gone (expired). */
  private boolean repeat(String ns, Recorded before, String text, String now) {
    io.fabric8.kubernetes.api.model.Event patch = new io.fabric8.kubernetes.api.model.Event();
    patch.setCount(before.count() + 1);
    patch.setLastTimestamp(now);
    if (!text.equals(before.message())) {
      patch.setMessage(text);
    }
    // Patched through the Event's name only: a patch by name alone makes the client GET the Event
    // first, and the operator may create and patch Events, not read them.
    io.fabric8.kubernetes.api.model.Event named =
        new io.fabric8.kubernetes.api.model.EventBuilder()
            .withNewMetadata()
            .withName(before.name())
            .withNamespace(ns)
            .endMetadata()
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(named)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              io.fabric8.kubernetes.client.utils.Serialization.asJson(patch));
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn("could not update event {} in {}: {}", before.name(), ns, e.getCode());
        // Not counted, but not duplicated either: the next repeat tries again.
        return true;
      }
      return false;
    }
  }

  private boolean create(
      HasMetadata about,
      String ns,
      String name,
      String type,
      String reason,
      String text,
      String now) {
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
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
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} for {}/{}: {}",
          reason,
          ns,
          about.getMetadata().getName(),
          e.getCode());
      return false;
    }
  }
}
