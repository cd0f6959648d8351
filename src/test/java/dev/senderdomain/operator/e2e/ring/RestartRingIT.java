package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.testsupport.ApiRequest;
import dev.senderdomain.operator.testsupport.ApiServerStandIn;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import dev.senderdomain.operator.testsupport.OperatorProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real restarts: the operator process stopped (SIGTERM, as a rollout or a drain does, and SIGKILL
 * in the middle of a reconcile) and a new JVM started over the same API state and the same BIND. In
 * an unchanged world the new process sends no DNS UPDATE and writes nothing to the API (Lease
 * renewals aside); after a kill it finishes exactly the write that was lost.
 */
class RestartRingIT {
  static final List<String> DOMAINS = List.of("shop", "news", "promo");

  DeployedWorld world;

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void aRestartedOperatorChangesNothingAndOneKilledMidReconcileFinishesOnlyWhatWasLost()
      throws Exception {
    world = DeployedWorld.start();
    OperatorProcess first =
        world.operator("senderdomain-operator-7d9f-a").awaitReady(Duration.ofSeconds(90));
    DOMAINS.forEach(d -> world.apply(DeployedWorld.senderDomainYaml(d)));
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> DOMAINS.stream().allMatch(world::converged));
    awaitQuiet(Duration.ofSeconds(6));

    // SIGTERM, as the kubelet stops a pod; a new JVM (new Map.of / Map.copyOf salt) takes over.
    // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks ran, what Kubernetes expects.
    assertThat(first.terminate(Duration.ofSeconds(30)))
        .as("exit code after SIGTERM")
        .isEqualTo(143);
    assertThat(first.log()).contains("released leader lease");
    int mark = world.api.mark();
    long updates = world.dnsUpdates();
    OperatorProcess second =
        world.operator("senderdomain-operator-7d9f-b").awaitReady(Duration.ofSeconds(90));
    awaitEveryDomainReconciledTwice(mark);
    assertThat(world.dnsUpdates() - updates).as("DNS UPDATEs after a restart").isZero();
    assertThat(world.api.operatorWritesSince(mark)).as("API writes after a restart").isEmpty();

    // A spec edit; the operator pushes DNS, and is killed while its status write is in flight.
    ApiServerStandIn.Hold statusWrite =
        world.api.hold(
            r ->
                r.resource().equals("senderdomains")
                    && r.subresource().equals("status")
                    && r.name().equals("shop")
                    && r.write(),
            false);
    world
        .api
        .admin()
        .resources(SenderDomain.class)
        .inNamespace(DeployedWorld.NS)
        .withName("shop")
        .edit(
            sd -> {
              sd.getSpec().spf.include = List.of("_spf.other.example.net");
              return sd;
            });
    assertThat(statusWrite.awaitArrival(Duration.ofSeconds(60))).as("status write held").isTrue();
    assertThat(world.txt("shop.example.com"))
        .contains("v=spf1 ip4:203.0.113.0/24 include:_spf.other.example.net -all");
    second.kill();
    statusWrite.release();

    mark = world.api.mark();
    updates = world.dnsUpdates();
    world.operator("senderdomain-operator-7d9f-c").awaitReady(Duration.ofSeconds(90));
    await().atMost(Duration.ofSeconds(90)).until(() -> world.converged("shop"));
    awaitEveryDomainReconciledTwice(mark);
    assertThat(world.dnsUpdates() - updates).as("DNS UPDATEs after SIGKILL").isZero();
    assertThat(world.api.operatorWritesSince(mark))
        .as("API writes after SIGKILL: only the lost status write")
        .isNotEmpty()
        .allMatch(
            r ->
                r.resource().equals("senderdomains")
                    && r.subresource().equals("status")
                    && r.name().equals("shop"),
            "a status write of shop");
  }

  /**
   * Every domain reconciled at least twice since {@code mark} (the start-up pass and a resync):
   * each reconcile reads the domain's key Secret.
   */
  void awaitEveryDomainReconciledTwice(int mark) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                DOMAINS.stream()
                    .allMatch(
                        d ->
                            world.api.operatorRequestsSince(mark).stream()
                                    .filter(r -> r.resource().equals("secrets"))
                                    .filter(r -> r.verb().equals("get"))
                                    .filter(r -> r.name().equals(d + "-dkim"))
                                    .count()
                                >= 2));
  }

  /** Waits until the operator has written nothing (Lease renewals aside) for {@code quiet}. */
  void awaitQuiet(Duration quiet) {
    int[] mark = {world.api.mark()};
    long[] since = {System.nanoTime()};
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              List<ApiRequest> writes = world.api.operatorWritesSince(mark[0]);
              if (!writes.isEmpty()) {
                mark[0] = world.api.mark();
                since[0] = System.nanoTime();
              }
              return System.nanoTime() - since[0] > quiet.toNanos();
            });
  }
}
