package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.testsupport.MockApi;
import dev.senderdomain.operator.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events against the Fabric8 CRUD mock API: repeats are counted in one Event, as client-go does.
 */
class KubernetesEventRecorderTest {
  MockApi api;
  MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  KubernetesEventRecorder recorder;
  SenderDomain shop = senderDomain("shop");

  @BeforeEach
  void start() {
    api = new MockApi().namespace("mail");
    recorder = new KubernetesEventRecorder(api.client(), clock, "senderdomain-operator");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aFailureRepeatedOnEveryRetryIsOneEventWithACountAndTheLastTime() {
    for (int i = 0; i < 7; i++) {
      recorder.warning(
          shop, "PublishFailed", "127.0.0.1:53 did not answer (id=" + (1000 + i) + ")");
      clock.advance(Duration.ofSeconds(20));
    }
    List<Event> events = events();
    assertThat(events).hasSize(1);
    Event e = events.get(0);
    assertThat(e.getCount()).isEqualTo(7);
    assertThat(e.getFirstTimestamp()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(e.getLastTimestamp()).isEqualTo("2026-12-01T10:02:00Z");
    assertThat(e.getMessage()).as("the latest message").endsWith("(id=1006)");
  }

  @Test
  void otherReasonsTypesAndObjectsAreEventsOfTheirOwn() {
    recorder.warning(shop, "PublishFailed", "down");
    recorder.normal(shop, "RecordsPublished", "3 change(s): ...");
    recorder.warning(senderDomain("news"), "PublishFailed", "down");
    recorder.warning(shop, "PublishFailed", "down");
    assertThat(events())
        .extracting(e -> e.getInvolvedObject().getName() + " " + e.getReason() + " " + e.getCount())
        .containsExactlyInAnyOrder(
            "shop PublishFailed 2", "shop RecordsPublished 1", "news PublishFailed 1");
  }

  @Test
  void anEventThatExpiredMeanwhileIsRecordedAnew() {
    recorder.warning(shop, "PublishFailed", "down");
    api.client().v1().events().inNamespace("mail").delete();
    recorder.warning(shop, "PublishFailed", "down");
    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  private List<Event> events() {
    return api.client().v1().events().inNamespace("mail").list().getItems().stream()
        .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
        .toList();
  }

  private static SenderDomain senderDomain(String name) {
    SenderDomain sd = new SenderDomain();
    sd.getMetadata().setName(name);
    sd.getMetadata().setNamespace("mail");
    sd.getMetadata().setUid("uid-" + name);
    return sd;
  }
}
