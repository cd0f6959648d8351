package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import dev.senderdomain.operator.testsupport.OperatorProcess;
import dev.senderdomain.operator.testsupport.RenderedChart;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two operator processes as the chart deploys them, one per shard ({@code SDO_SELECTOR}, {@code
 * SDO_SHARD}), over one API stand-in and one BIND: both lead at once, each on its own Lease, and a
 * domain of one shard is never reconciled by the other shard's operator, even while its own is
 * gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardingRingIT {
  DeployedWorld world;
  OperatorProcess a;
  OperatorProcess b;

  @BeforeAll
  void deploy() {
    world = DeployedWorld.start();
    a = world.operator("operator-shard-a", shard("a")).awaitReady(Duration.ofSeconds(90));
    b = world.operator("operator-shard-b", shard("b")).awaitReady(Duration.ofSeconds(90));
    world.apply(labelled("one", "a"));
    world.apply(labelled("two", "b"));
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> world.converged("one") && world.converged("two"));
  }

  @AfterAll
  void stop() {
    world.close();
  }

  static Map<String, String> shard(String name) {
    return Map.of("SDO_SELECTOR", "senderdomain.dev/shard=" + name, "SDO_SHARD", name);
  }

  static String labelled(String name, String shard) {
    return DeployedWorld.senderDomainYaml(name)
        .replace(
            "metadata: {name: " + name + ", namespace: " + DeployedWorld.NS + "}",
            "metadata: {name: "
                + name
                + ", namespace: "
                + DeployedWorld.NS
                + ", labels: {senderdomain.dev/shard: "
                + shard
                + "}}");
  }

  @Test
  void eachShardLeadsOnItsOwnLeaseAndNeverTouchesTheOtherShardsDomains() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "operator-shard-a".equals(holder("senderdomain-operator-leader-a"))
                    && "operator-shard-b".equals(holder("senderdomain-operator-leader-b")));

    // Shard b's operator goes away; shard a's keeps running and must leave "two" alone.
    b.kill();
    long twoGeneration = editSpf("two", "_spf.two.example.net");
    long oneGeneration = editSpf("one", "_spf.one.example.net");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> world.get("one").getStatus().observedGeneration == oneGeneration);
    // Several resyncs (5 s in this world) later, "two" is still as shard b left it.
    Thread.sleep(12_000);
    assertThat(world.get("two").getStatus().observedGeneration).isLessThan(twoGeneration);
    assertThat(world.txt("two.example.com")).noneMatch(v -> v.contains("_spf.two.example.net"));
    assertThat(a.alive()).isTrue();
  }

  long editSpf(String name, String include) {
    return world
        .api
        .admin()
        .resources(SenderDomain.class)
        .inNamespace(DeployedWorld.NS)
        .withName(name)
        .edit(
            sd -> {
              sd.getSpec().spf.include = List.of(include);
              return sd;
            })
        .getMetadata()
        .getGeneration();
  }

  String holder(String lease) {
    Lease l = world.api.admin().leases().inNamespace(RenderedChart.NAMESPACE).withName(lease).get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }
}
