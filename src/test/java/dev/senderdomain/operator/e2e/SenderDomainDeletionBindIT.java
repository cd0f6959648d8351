package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.NS;
import static dev.senderdomain.operator.testsupport.OperatorBench.awaitValue;
import static dev.senderdomain.operator.testsupport.OperatorBench.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import dev.senderdomain.operator.testsupport.OperatorBench;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Deleting a SenderDomain against a real BIND 9: the operator removes every record it published
 * (SPF, DKIM, DMARC, bounce MX, tracking CNAME, the ownership marker; only its own mechanisms of a
 * merged SPF record) before the finalizer goes, and nothing else in the zone; while BIND does not
 * answer the finalizer stays; with {@code deletionPolicy: Retain} the records stay.
 */
class SenderDomainDeletionBindIT {
  OperatorBench bench;
  Rfc2136Adapter foreign;

  @BeforeEach
  void start() {
    bench = OperatorBench.start(Instant.parse("2026-12-01T10:00:00Z"));
    // news.example.com carries a foreign SPF record: the provider must name it to merge there.
    scope(List.of("*.example.com", "news.example.com"), true);
    bench.startOperator(Duration.ofSeconds(2), p -> p);
    foreign = new Rfc2136Adapter(bench.bind.settings(OperatorBench.ZONE));
  }

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void deletionRemovesEveryRecordTheOperatorPublishedAndKeepsForeignOnesInTheSameZone()
      throws Exception {
    List<RecordSet> foreignSets =
        List.of(
            txt("shop.example.com", "google-site-verification=kept"),
            txt("www.example.com", "a foreign record"),
            txt("news.example.com", "v=spf1 include:_spf.google.com ~all"));
    foreign.apply(new ChangeSet(foreignSets, List.of(), List.of()));
    SenderDomain shop = create("shop", sd -> sd.getSpec().dkim.deletionPolicy = "Delete");
    create(
        "news",
        sd -> {
          sd.getSpec().spf.merge = true;
          sd.getSpec().bounce = null;
          sd.getSpec().tracking = null;
        });
    List<String> published = awaitServed("shop");
    awaitServed("news");
    assertThat(served("news.example.com", Type.TXT))
        .singleElement()
        .asString()
        .contains("include:_spf.google.com")
        .contains("ip4:203.0.113.0/24");
    String secret = bench.get("shop").getStatus().dkim.secretName;
    assertThat(bench.secret(secret)).isNotNull();
    // The platform narrows the scope after publishing: the records already published are still
    // removed on deletion (removing only our own widens nobody's rights).
    scope(List.of("shop.example.com"), false);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                OperatorBench.condition(bench.get("news"), "Ready")
                    .map(c -> "ProviderNotAllowed".equals(c.getReason()))
                    .orElse(false));

    bench.client.resource(shop).delete();
    bench.client.resources(SenderDomain.class).inNamespace(NS).withName("news").delete();
    awaitGone("shop");
    awaitGone("news");

    for (String record : published) {
      if (!record.equals("shop.example.com TXT")) { // the foreign value there stays, below
        String[] nameType = record.split(" ");
        assertThat(served(nameType[0], Type.value(nameType[1])))
            .as("%s after deletion", record)
            .isEmpty();
      }
    }
    assertThat(served("_sdo-owner.shop.example.com", Type.TXT)).isEmpty();
    assertThat(served("clicks.shop.example.com", Type.CNAME)).isEmpty();
    assertThat(served("bounce.shop.example.com", Type.MX)).isEmpty();
    assertThat(served("shop.example.com", Type.TXT))
        .containsExactly("\"google-site-verification=kept\"");
    assertThat(served("www.example.com", Type.TXT)).containsExactly("\"a foreign record\"");
    assertThat(served("news.example.com", Type.TXT))
        .as("the foreign SPF record without the mechanisms merged into it")
        .containsExactly("\"v=spf1 include:_spf.google.com ~all\"");
    assertThat(served("_sdo-owner.news.example.com", Type.TXT)).isEmpty();
    assertThat(bench.secret(secret)).as("key Secret, dkim.deletionPolicy Delete").isNull();
    assertThat(events("shop", "RecordsRemoved"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getMessage())
                  .startsWith("removed from DNS: " + (published.size() + 1) + " change(s): ")
                  .contains("- delete")
                  .contains("and " + (published.size() + 1 - 5) + " more");
            });
  }

  @Test
  void whileTheDnsServerDoesNotAnswerTheFinalizerStaysAndTheRemovalFinishesWhenItIsBack()
      throws Exception {
    SenderDomain shop = create("shop", sd -> sd.getSpec().dkim.deletionPolicy = "Delete");
    List<String> published = awaitServed("shop");
    String secret = bench.get("shop").getStatus().dkim.secretName;

    bench.bind.freeze();
    try {
      bench.client.resource(shop).delete();
      Event failed =
          awaitValue(
              Duration.ofSeconds(60),
              () -> {
                List<Event> e = events("shop", "RecordRemovalFailed");
                return e.isEmpty() || e.get(0).getCount() < 2 ? null : e.get(0);
              });
      assertThat(failed.getType()).isEqualTo("Warning");
      assertThat(failed.getMessage()).contains("Unreachable").contains("deletionPolicy: Retain");
      assertThat(events("shop", "RecordRemovalFailed"))
          .as("repeated failures count in one Event")
          .hasSize(1);
      SenderDomain pending = bench.get("shop");
      assertThat(pending).as("the SenderDomain while DNS is down").isNotNull();
      assertThat(pending.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(pending.getMetadata().getFinalizers()).isNotEmpty();
      assertThat(bench.secret(secret)).as("key Secret while its record is served").isNotNull();
    } finally {
      bench.bind.thaw();
    }

    awaitGone("shop");
    for (String record : published) {
      String[] nameType = record.split(" ");
      assertThat(served(nameType[0], Type.value(nameType[1]))).as(record).isEmpty();
    }
    assertThat(served("_sdo-owner.shop.example.com", Type.TXT)).isEmpty();
    assertThat(bench.secret(secret)).isNull();
    assertThat(events("shop", "RecordsRemoved")).hasSize(1);
  }

  @Test
  void withDeletionPolicyRetainTheRecordsAndTheKeySecretStay() throws Exception {
    SenderDomain shop =
        create(
            "shop",
            sd -> {
              sd.getSpec().deletionPolicy = "Retain";
              sd.getSpec().dkim.deletionPolicy = "Delete";
            });
    List<String> published = awaitServed("shop");
    String secret = bench.get("shop").getStatus().dkim.secretName;
    long serial = bench.serial();

    bench.client.resource(shop).delete();
    awaitGone("shop");

    assertThat(bench.serial()).as("no DNS UPDATE").isEqualTo(serial);
    for (String record : published) {
      String[] nameType = record.split(" ");
      assertThat(served(nameType[0], Type.value(nameType[1]))).as(record).isNotEmpty();
    }
    assertThat(served("_sdo-owner.shop.example.com", Type.TXT)).isNotEmpty();
    assertThat(bench.secret(secret)).isNotNull();
    assertThat(events("shop", "RecordsRetained"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("deletionPolicy Retain"));
  }

  private SenderDomain create(String name, Consumer<SenderDomain> change) {
    SenderDomain sd =
        Serialization.unmarshal(DeployedWorld.senderDomainYaml(name), SenderDomain.class);
    if (sd.getSpec().dkim == null) {
      sd.getSpec().dkim = new dev.senderdomain.operator.api.v1alpha1.DkimSpec();
    }
    change.accept(sd);
    return bench.create(sd);
  }

  /** Waits until every record of {@code name} is served; returns them as "name TYPE". */
  private List<String> awaitServed(String name) {
    SenderDomain ready =
        awaitValue(
            Duration.ofSeconds(90),
            () -> {
              SenderDomain s = bench.get(name);
              return is(s, "Ready", "True") && is(s, "RecordsVerified", "True") ? s : null;
            });
    List<String> out = new ArrayList<>();
    ready.getStatus().records.forEach(r -> out.add(r.name + " " + r.type));
    return out;
  }

  private void awaitGone(String name) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> bench.get(name) == null);
  }

  private List<Event> events(String about, String reason) {
    return bench.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(about))
        .filter(e -> e.getReason().equals(reason))
        .toList();
  }

  private static RecordSet txt(String name, String value) {
    return new RecordSet(name, RecordType.TXT, 300, List.of(value));
  }

  /** What BIND answers at {@code name} for {@code type} (rdata as text; TXT quoted). */
  private List<String> served(String name, int type) throws Exception {
    SimpleResolver resolver = new SimpleResolver(bench.bind.address());
    resolver.setTCP(true);
    Message answer =
        resolver.send(
            Message.newQuery(
                Record.newRecord(org.xbill.DNS.Name.fromString(name + "."), type, DClass.IN)));
    return answer.getSection(Section.ANSWER).stream()
        .filter(r -> r.getType() == type)
        .map(Record::rdataToString)
        .toList();
  }

  private void scope(List<String> allowedDomains, boolean allowSpfMerge) {
    bench
        .client
        .resources(DnsProvider.class)
        .inNamespace(NS)
        .withName(OperatorBench.PROVIDER)
        .edit(
            p -> {
              p.getSpec().allowedDomains = allowedDomains;
              p.getSpec().allowSpfMerge = allowSpfMerge;
              return p;
            });
  }
}
