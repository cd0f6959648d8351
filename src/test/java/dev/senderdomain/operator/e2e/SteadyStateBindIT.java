package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.awaitValue;
import static dev.senderdomain.operator.testsupport.OperatorBench.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.reconciler.RecordPublisher;
import dev.senderdomain.operator.testsupport.OperatorBench;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Steady state against a real BIND 9: once a domain is reconciled, resyncs (and time passing
 * without anything falling due) send no DNS UPDATE (the zone's SOA serial stays), write no status
 * (the resourceVersion stays), do not touch the key Secret and record no Event.
 */
class SteadyStateBindIT {
  static final Duration RESYNC = Duration.ofMillis(300);

  OperatorBench bench;
  final AtomicInteger publishes = new AtomicInteger();

  @BeforeEach
  void start() {
    bench = OperatorBench.start(Instant.parse("2026-12-01T10:00:00Z"));
    bench.startOperator(
        RESYNC,
        p ->
            new RecordPublisher() {
              @Override
              public PublishOutcome publish(PublishRequest request) throws DnsProviderException {
                PublishOutcome outcome = p.publish(request);
                publishes.incrementAndGet();
                return outcome;
              }

              @Override
              public List<String> servedTxt(PublishRequest request, String name)
                  throws DnsProviderException {
                return p.servedTxt(request, name);
              }
            });
  }

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void resyncsOfAnUnchangedDomainSendNoUpdateAndWriteNoStatus() throws Exception {
    SenderDomain sd = OperatorBench.senderDomain("shop");
    sd.getSpec().dkim = new DkimSpec();
    sd.getSpec().dkim.algorithms = List.of("rsa-2048", "ed25519");
    sd.getSpec().dkim.rotation = new DkimSpec.RotationSpec();
    sd.getSpec().dkim.rotation.every = "90d";
    sd.getSpec().dmarc = new DmarcSpec();
    sd.getSpec().dmarc.rua = List.of("mailto:dmarc@shop.example.com");
    sd.getSpec().dmarc.rollout = new DmarcSpec.Rollout();
    sd.getSpec().dmarc.rollout.start = "2026-12-10";
    sd.getSpec().dmarc.rollout.targetDate = "2027-02-01";
    bench.create(sd);
    SenderDomain ready =
        awaitValue(
            Duration.ofSeconds(60),
            () -> {
              SenderDomain s = bench.get("shop");
              return is(s, "Ready", "True")
                      && is(s, "RecordsVerified", "True")
                      && s.getStatus().dkim.keys.stream().allMatch(k -> k.state.equals("ACTIVE"))
                      && s.getStatus().dkim.keys.size() == 2
                  ? s
                  : null;
            });
    // Let the reconcile that follows the last write run too, then take the snapshot.
    awaitReconciles(3);
    long serial = bench.serial();
    String version = bench.get("shop").getMetadata().getResourceVersion();
    String secretVersion = bench.secret("shop-dkim").getMetadata().getResourceVersion();
    int events = events();
    assertThat(ready.getStatus().dmarc.nextStepAt).isEqualTo("2026-12-10T00:00:00Z");

    awaitReconciles(5);
    // Time passes (six hours, nothing due until the rollout starts in nine days): still nothing to
    // write.
    bench.clock.set(Instant.parse("2026-12-01T16:00:00Z"));
    awaitReconciles(5);

    assertThat(bench.serial()).as("SOA serial: no DNS UPDATE").isEqualTo(serial);
    assertThat(bench.get("shop").getMetadata().getResourceVersion())
        .as("no status write")
        .isEqualTo(version);
    assertThat(bench.secret("shop-dkim").getMetadata().getResourceVersion())
        .as("no Secret write")
        .isEqualTo(secretVersion);
    assertThat(events()).as("no Event").isEqualTo(events);

    // The check can fail: a change in the spec does move the serial and the status.
    long generation =
        bench
            .edit("shop", s -> s.getSpec().spf.include = List.of("_spf.other.example.net"))
            .getMetadata()
            .getGeneration();
    assertThat(generation).isGreaterThan(ready.getMetadata().getGeneration());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                bench.serial() != serial
                    && bench.get("shop").getStatus().observedGeneration == generation);
    assertThat(bench.txt("shop.example.com"))
        .contains("v=spf1 include:_spf.other.example.net -all");
  }

  void awaitReconciles(int n) {
    int target = publishes.get() + n;
    await().atMost(Duration.ofSeconds(60)).until(() -> publishes.get() >= target);
  }

  int events() {
    return bench.client.v1().events().inNamespace(OperatorBench.NS).list().getItems().size();
  }
}
