package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.reconciler.OperatorRuntime;
import dev.senderdomain.operator.testsupport.ApiRequest;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import dev.senderdomain.operator.testsupport.OperatorProcess;
import dev.senderdomain.operator.testsupport.Rbac;
import dev.senderdomain.operator.testsupport.RenderedChart;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator jar as the chart deploys it (leader election on, its ServiceAccount, its RBAC)
 * against the API stand-in: it takes the Lease, keeps it through renewals well past the renew
 * deadline, reconciles, and the chart grants no list or watch it does not use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderElectionRingIT {
  static final String POD = "senderdomain-operator-5f7c9-lead";

  DeployedWorld world;
  OperatorProcess operator;

  @BeforeAll
  void deploy() {
    world = DeployedWorld.start();
    operator = world.operator(POD).awaitReady(Duration.ofSeconds(90));
    world.apply(DeployedWorld.senderDomainYaml("shop"));
    await().atMost(Duration.ofSeconds(120)).until(() -> world.converged("shop"));
  }

  @AfterAll
  void stop() {
    world.close();
  }

  @Test
  void theLeaderKeepsItsLeaseThroughRenewalsAndKeepsReconciling() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> POD.equals(holder()));
    int mark = world.api.mark();
    // Longer than the renew deadline (10 s): a leader whose renewals were refused would have
    // lost the Lease and exited by now.
    Thread.sleep(13_000);
    List<ApiRequest> renewals =
        world.api.operatorRequestsSince(mark).stream()
            .filter(r -> r.resource().equals("leases"))
            .filter(r -> r.verb().equals("patch") || r.verb().equals("update"))
            .toList();
    assertThat(world.api.forbidden()).as("requests the chart's RBAC refused").isEmpty();
    assertThat(renewals).as("Lease renewals").hasSizeGreaterThanOrEqualTo(3);
    assertThat(renewals).allMatch(r -> r.code() / 100 == 2, "renewals succeed");
    assertThat(operator.alive()).as("operator still running").isTrue();
    assertThat(holder()).isEqualTo(POD);

    long generation =
        world
            .api
            .admin()
            .resources(dev.senderdomain.operator.api.v1alpha1.SenderDomain.class)
            .inNamespace(DeployedWorld.NS)
            .withName("shop")
            .edit(
                sd -> {
                  sd.getSpec().spf.include = List.of("_spf.other.example.net");
                  return sd;
                })
            .getMetadata()
            .getGeneration();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                world.get("shop").getStatus().observedGeneration == generation
                    && world
                        .txt("shop.example.com")
                        .contains("v=spf1 ip4:203.0.113.0/24 include:_spf.other.example.net -all"));
  }

  @Test
  void theChartGrantsNoListOrWatchTheOperatorDoesNotUse() {
    // Every informer has listed and watched by now (the domain converged).
    Set<String> used = new TreeSet<>();
    for (ApiRequest r : world.api.operatorRequestsSince(0)) {
      if (r.verb().equals("list") || r.verb().equals("watch")) {
        used.add(r.group() + "/" + r.resource() + ":" + r.verb());
      }
    }
    Rbac rbac = Rbac.of(world.api.chart().objects());
    Rbac.User sa =
        Rbac.User.serviceAccount(RenderedChart.NAMESPACE, world.api.chart().serviceAccount());
    Set<String> granted = new TreeSet<>();
    for (String ns : List.of(DeployedWorld.NS, RenderedChart.NAMESPACE)) {
      for (PolicyRule rule : rbac.rulesFor(sa, ns)) {
        for (String verb : rule.getVerbs()) {
          if (verb.equals("list") || verb.equals("watch")) {
            for (String group : rule.getApiGroups()) {
              rule.getResources().forEach(res -> granted.add(group + "/" + res + ":" + verb));
            }
          }
        }
      }
    }
    assertThat(granted)
        .as("list/watch the chart grants = what the operator's informers use")
        .isEqualTo(used);
    assertThat(world.api.forbidden()).isEmpty();
  }

  String holder() {
    Lease lease =
        world
            .api
            .admin()
            .leases()
            .inNamespace(RenderedChart.NAMESPACE)
            .withName(OperatorRuntime.LEASE_NAME)
            .get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
