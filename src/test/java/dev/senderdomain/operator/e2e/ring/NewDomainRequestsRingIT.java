package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.testsupport.ApiRequest;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one new SenderDomain costs the API server, as deployed: every request the operator process
 * makes about it until it has converged (Ready, KeysReady, a key active), read from the API
 * stand-in's request log. The scale benchmark counts the same per domain at 10,000 domains
 * (docs/performance.md); this test makes a regression fail without timing anything.
 */
class NewDomainRequestsRingIT {
  DeployedWorld world;

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void aNewDomainCostsSixApiRequestsWithItsKeySecretCreatedUnreadAndActivatedWithoutARead()
      throws Exception {
    world = DeployedWorld.start();
    // No resync during the test: a resync reads the key Secret again, which is not the new
    // domain's cost.
    world
        .operator("senderdomain-operator-7d9f-a", Map.of("SDO_RESYNC_INTERVAL", "10m"))
        .awaitReady(Duration.ofSeconds(90));
    int mark = world.api.mark();
    world.apply(DeployedWorld.senderDomainYaml("shop"));
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> world.converged("shop"));
    awaitNoOperatorWrites(Duration.ofSeconds(3));

    List<String> aboutShop =
        world.api.operatorRequestsSince(mark).stream()
            .filter(NewDomainRequestsRingIT::aboutShop)
            .map(
                r -> r.verb() + " " + r.resourcePath() + (r.name().isEmpty() ? "" : " " + r.name()))
            .toList();
    assertThat(aboutShop)
        .as("the operator's requests about a new SenderDomain, in order")
        .containsExactly(
            // JOSDK adds the finalizer before the first reconcile.
            "patch senderdomains shop",
            // The keys, stored before anything is published; no GET first: status had no Secret.
            "create secrets",
            "create events",
            // After the UPDATE: records published.
            "create events",
            // The first keys made ACTIVE once their records were verified, from the Secret as
            // created: no GET in between.
            "update secrets shop-dkim",
            "update senderdomains/status shop");
    assertThat(
            world.api.admin().v1().events().inNamespace(DeployedWorld.NS).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals("shop"))
                .map(Event::getReason)
                .sorted()
                .toList())
        .as("the two Events are about shop")
        .containsExactly("KeyGenerated", "RecordsPublished");
  }

  /**
   * Requests about the domain "shop": the SenderDomain, its key Secret, Events in its namespace.
   */
  private static boolean aboutShop(ApiRequest r) {
    if (!DeployedWorld.NS.equals(r.namespace()) || r.verb().equals("watch")) {
      return false;
    }
    return switch (r.resource()) {
      case "senderdomains" -> r.name().equals("shop");
      // Creates are POSTs to the collection (no name in the path); shop is the only domain here,
      // and the TSIG Secret is only read.
      case "secrets" -> r.name().equals("shop-dkim") || r.verb().equals("create");
      case "events" -> r.write();
      default -> false;
    };
  }

  private void awaitNoOperatorWrites(Duration quiet) {
    int[] mark = {world.api.mark()};
    long[] since = {System.nanoTime()};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!world.api.operatorWritesSince(mark[0]).isEmpty()) {
                mark[0] = world.api.mark();
                since[0] = System.nanoTime();
              }
              return System.nanoTime() - since[0] > quiet.toNanos();
            });
  }
}
