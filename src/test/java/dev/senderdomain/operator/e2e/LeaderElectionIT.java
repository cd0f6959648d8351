package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.reconciler.OperatorRuntime;
import dev.senderdomain.operator.reconciler.RecordPublisher;
import dev.senderdomain.operator.testsupport.OperatorBench;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator instances with leader election (Lease {@value OperatorRuntime#LEASE_NAME}) on one
 * CRUD mock API and one BIND 9: only the leader reconciles and writes; when it stops, it hands the
 * Lease over and the other takes over. JOSDK checks its Lease rights with a SelfSubjectRulesReview
 * at start, which the mock answers from a stub.
 */
class LeaderElectionIT {
  static final String LEASE_NS = "operators";
  static final OperatorRuntime.LeaseTiming FAST =
      new OperatorRuntime.LeaseTiming(
          Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200), () -> {});

  OperatorBench bench;
  KubernetesClient clientA;
  KubernetesClient clientB;
  OperatorRuntime a;
  OperatorRuntime b;
  final AtomicInteger writesA = new AtomicInteger();
  final AtomicInteger writesB = new AtomicInteger();
  final AtomicBoolean lostA = new AtomicBoolean();
  final AtomicBoolean lostB = new AtomicBoolean();

  @BeforeEach
  void start() {
    bench = OperatorBench.startWithExpectations(Instant.parse("2026-12-01T10:00:00Z"));
    bench
        .client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(LEASE_NS).endMetadata().build())
        .create();
    bench
        .api
        .server()
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            200,
            """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview",
             "spec":{"namespace":"operators"},
             "status":{"incomplete":false,"resourceRules":[{"apiGroups":["coordination.k8s.io"],
               "resources":["leases"],"verbs":["get","create","update"]}],"nonResourceRules":[]}}""")
        .always();
    clientA = bench.api.server().createClient();
    clientB = bench.api.server().createClient();
  }

  @AfterEach
  void stop() {
    for (OperatorRuntime r : new OperatorRuntime[] {a, b}) {
      if (r != null) {
        r.close();
      }
    }
    clientA.close();
    clientB.close();
    bench.close();
  }

  @Test
  void onlyTheLeaderWritesAndTheOtherTakesOverWhenItStops() throws Exception {
    a = instance(clientA, "operator-a", writesA, lostA).start();
    await().atMost(Duration.ofSeconds(10)).until(() -> "operator-a".equals(holder()));
    b = instance(clientB, "operator-b", writesB, lostB).start();

    bench.create(OperatorBench.senderDomain("shop"));
    await().atMost(Duration.ofSeconds(60)).until(() -> is(bench.get("shop"), "Ready", "True"));
    // Several lease renewals and resyncs later the follower still has not touched DNS.
    int before = writesA.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> writesA.get() >= before + 5);
    assertThat(writesB.get()).as("publishes by the follower").isZero();
    assertThat(holder()).isEqualTo("operator-a");
    // What gates leader-only work such as polling the report mailbox.
    assertThat(a.leading()).isTrue();
    assertThat(b.leading()).isFalse();

    // The leader stops (a rolling update): it hands the Lease over rather than exiting, the
    // follower takes over.
    a.close();
    a = null;
    assertThat(lostA.get()).as("a deliberate stop is not a lost leadership").isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> "operator-b".equals(holder()));
    await().atMost(Duration.ofSeconds(10)).until(b::leading);
    long generation =
        bench
            .edit("shop", s -> s.getSpec().spf.include = List.of("_spf.other.example.net"))
            .getMetadata()
            .getGeneration();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                bench.get("shop").getStatus().observedGeneration == generation
                    && bench
                        .txt("shop.example.com")
                        .contains("v=spf1 include:_spf.other.example.net -all"));
    assertThat(writesB.get()).isPositive();
    assertThat(lostB.get()).isFalse();
  }

  String holder() {
    Lease lease =
        bench.client.leases().inNamespace(LEASE_NS).withName(OperatorRuntime.LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  OperatorRuntime instance(
      KubernetesClient client, String identity, AtomicInteger writes, AtomicBoolean lost) {
    OperatorRuntime.LeaseTiming timing =
        new OperatorRuntime.LeaseTiming(
            FAST.duration(), FAST.renewDeadline(), FAST.retryPeriod(), () -> lost.set(true));
    return bench.newOperator(
        client,
        new OperatorRuntime.Settings(
            Set.of(), LEASE_NS, identity, Duration.ofMillis(300), 2, timing),
        p ->
            new RecordPublisher() {
              @Override
              public PublishOutcome publish(PublishRequest request) throws DnsProviderException {
                writes.incrementAndGet();
                return p.publish(request);
              }

              @Override
              public List<String> servedTxt(PublishRequest request, String name)
                  throws DnsProviderException {
                return p.servedTxt(request, name);
              }
            });
  }
}
