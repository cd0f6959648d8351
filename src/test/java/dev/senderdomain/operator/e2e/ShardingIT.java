package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operators over one API and one BIND 9, each with its own label selector and its own leader
 * Lease ({@code senderdomain-operator-leader-<shard>}): both lead at once, and every SenderDomain
 * is reconciled by the operator of its shard and never by the other.
 */
class ShardingIT {
  static final String LEASE_NS = "operators";
  static final OperatorRuntime.LeaseTiming FAST =
      new OperatorRuntime.LeaseTiming(
          Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200), () -> {});

  OperatorBench bench;
  KubernetesClient clientA;
  KubernetesClient clientB;
  OperatorRuntime a;
  OperatorRuntime b;

  /** SenderDomain name -> the shards that published it. */
  final Map<String, Set<String>> publishedBy = new ConcurrentHashMap<>();

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
  void eachDomainIsReconciledByTheOperatorOfItsShardOnly() throws Exception {
    a = shard(clientA, "a").start();
    b = shard(clientB, "b").start();
    List<String> names = List.of("one", "two", "three", "four", "five", "six");
    for (int i = 0; i < names.size(); i++) {
      SenderDomain sd = OperatorBench.senderDomain(names.get(i));
      sd.getMetadata().setLabels(Map.of("senderdomain.dev/shard", i % 2 == 0 ? "a" : "b"));
      bench.create(sd);
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> names.stream().allMatch(n -> is(bench.get(n), "Ready", "True")));
    // A few resyncs later, still nobody reconciles another shard's domain.
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    for (int i = 0; i < names.size(); i++) {
      assertThat(publishedBy.get("mail/" + names.get(i)))
          .as(names.get(i))
          .containsExactly(i % 2 == 0 ? "a" : "b");
    }
    assertThat(holder("senderdomain-operator-leader-a")).isEqualTo("operator-a");
    assertThat(holder("senderdomain-operator-leader-b")).isEqualTo("operator-b");
    assertThat(a.leading()).isTrue();
    assertThat(b.leading()).isTrue();
  }

  String holder(String lease) {
    Lease l = bench.client.leases().inNamespace(LEASE_NS).withName(lease).get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }

  OperatorRuntime shard(KubernetesClient client, String shard) {
    return bench.newOperator(
        client,
        new OperatorRuntime.Settings(
                Set.of(), LEASE_NS, "operator-" + shard, Duration.ofMillis(500), 2, FAST)
            .sharded("senderdomain.dev/shard=" + shard, shard),
        p ->
            new RecordPublisher() {
              @Override
              public PublishOutcome publish(PublishRequest request) throws DnsProviderException {
                publishedBy
                    .computeIfAbsent(request.owner(), k -> ConcurrentHashMap.newKeySet())
                    .add(shard);
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
