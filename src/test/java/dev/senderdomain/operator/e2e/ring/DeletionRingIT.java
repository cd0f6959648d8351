package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl delete senderdomain} as deployed: the operator process, with the chart's RBAC,
 * removes the records it published from BIND before its finalizer goes, keeps the foreign records
 * of the zone, and holds the finalizer through a DNS outage (BIND frozen with SIGSTOP) until the
 * removal went through.
 */
class DeletionRingIT {
  DeployedWorld world;

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void aDeletedSenderDomainTakesItsRecordsWithItEvenAcrossADnsOutage() throws Exception {
    world = DeployedWorld.start();
    new Rfc2136Adapter(world.bind.settings(DeployedWorld.ZONE))
        .apply(
            new ChangeSet(
                List.of(
                    new RecordSet(
                        "shop.example.com",
                        RecordType.TXT,
                        300,
                        List.of("google-site-verification=kept")),
                    new RecordSet("www.example.com", RecordType.TXT, 300, List.of("foreign"))),
                List.of(),
                List.of()));
    world.operator("senderdomain-operator-7d9f-a").awaitReady(Duration.ofSeconds(90));
    world.apply(DeployedWorld.senderDomainYaml("shop"));
    await().atMost(Duration.ofSeconds(180)).until(() -> world.converged("shop"));
    assertThat(world.txt("_dmarc.shop.example.com")).isNotEmpty();
    assertThat(world.txt("shop.example.com")).hasSize(2);

    world.bind.freeze();
    try {
      world
          .api
          .admin()
          .resources(SenderDomain.class)
          .inNamespace(DeployedWorld.NS)
          .withName("shop")
          .delete();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  events("RecordRemovalFailed").stream()
                      .anyMatch(e -> e.getCount() != null && e.getCount() >= 2));
      assertThat(events("RecordRemovalFailed")).as("one Event, counted").hasSize(1);
      SenderDomain pending = world.get("shop");
      assertThat(pending).as("held by the finalizer while DNS does not answer").isNotNull();
      assertThat(pending.getMetadata().getDeletionTimestamp()).isNotNull();
    } finally {
      world.bind.thaw();
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> world.get("shop") == null);
    assertThat(world.txt("_dmarc.shop.example.com")).isEmpty();
    assertThat(world.txt("_sdo-owner.shop.example.com")).isEmpty();
    assertThat(world.txt("shop.example.com")).containsExactly("google-site-verification=kept");
    assertThat(world.txt("www.example.com")).containsExactly("foreign");
    assertThat(events("RecordsRemoved")).singleElement();
    assertThat(world.api.forbidden()).as("requests the chart's RBAC refused").isEmpty();
  }

  private List<Event> events(String reason) {
    return world.api.admin().v1().events().inNamespace(DeployedWorld.NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals("shop"))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
