package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.awaitValue;
import static dev.senderdomain.operator.testsupport.OperatorBench.condition;
import static dev.senderdomain.operator.testsupport.OperatorBench.is;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.ProviderRef;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.RecordStatus;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import dev.senderdomain.operator.testsupport.OperatorBench;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A SenderDomain without providerRef, or through a DnsProvider of kind {@code manual}, against a
 * real BIND 9: the records are shown, nothing is pushed; once a person pastes them into the zone
 * they are verified; the DMARC rollout takes no step beyond what the zone serves; and deleting it
 * removes nothing from the zone and is not held up.
 */
class ByHandBindIT {
  OperatorBench bench;
  Rfc2136Adapter person;

  @BeforeEach
  void start() {
    bench = OperatorBench.start(Instant.parse("2026-12-01T10:00:00Z"));
    bench.startOperator(Duration.ofSeconds(1), p -> p);
    // What a person does with nsupdate or the DNS host's web form.
    person = new Rfc2136Adapter(bench.bind.settings(OperatorBench.ZONE));
  }

  @AfterEach
  void stop() {
    bench.close();
  }

  @ParameterizedTest(name = "through a manual DnsProvider: {0}")
  @ValueSource(booleans = {false, true})
  void recordsAreShownNotPushedAndVerifiedOnceTheyArePastedAndTheRolloutWaitsForThem(
      boolean throughAManualProvider) throws Exception {
    long serial = bench.serial();
    SenderDomain sd =
        Serialization.unmarshal(DeployedWorld.senderDomainYaml("shop"), SenderDomain.class);
    if (throughAManualProvider) {
      DnsProvider manual = new DnsProvider();
      manual.getMetadata().setName("paste-it");
      manual.getMetadata().setNamespace(OperatorBench.NS);
      manual.setSpec(new DnsProviderSpec());
      manual.getSpec().manual = new DnsProviderSpec.Manual();
      bench.client.resource(manual).create();
      sd.getSpec().providerRef = new ProviderRef("paste-it", ProviderRef.KIND_NAMESPACED);
    } else {
      sd.getSpec().providerRef = null;
    }
    bench.create(sd);

    SenderDomain waiting =
        awaitValue(
            Duration.ofSeconds(60),
            () -> {
              SenderDomain s = bench.get("shop");
              return is(s, "RecordsVerified", "False") && s.getStatus().dkim != null ? s : null;
            });
    assertThat(condition(waiting, "RecordsPublished").get().getReason())
        .isEqualTo("ManualProvider");
    assertThat(condition(waiting, "RecordsPublished").get().getMessage())
        .contains("published by hand");
    assertThat(condition(waiting, "RecordsVerified").get().getReason()).isEqualTo("NotYetServed");
    assertThat(condition(waiting, "Ready").get().getStatus()).isEqualTo("Unknown");
    assertThat(waiting.getStatus().records)
        .extracting(r -> r.name + " " + r.type)
        .contains(
            "shop.example.com TXT",
            "_dmarc.shop.example.com TXT",
            "bounce.shop.example.com MX",
            "clicks.shop.example.com CNAME");
    assertThat(waiting.getStatus().dmarc.record).startsWith("v=DMARC1; p=none");
    assertThat(waiting.getStatus().dmarc.pending).isTrue();
    assertThat(bench.serial()).as("nothing pushed").isEqualTo(serial);

    paste(waiting.getStatus().records);
    SenderDomain verified =
        awaitValue(
            Duration.ofSeconds(60),
            () -> {
              SenderDomain s = bench.get("shop");
              return is(s, "RecordsVerified", "True") ? s : null;
            });
    assertThat(condition(verified, "RecordsVerified").get().getReason()).isEqualTo("Verified");
    assertThat(verified.getStatus().records).allMatch(r -> Boolean.TRUE.equals(r.served));
    assertThat(verified.getStatus().dmarc.pending).isNull();
    Instant pastedAt = Instant.parse(verified.getStatus().dmarc.since);

    // Past the start and the monitoring period: the first step of the ramp is shown, to paste.
    bench.clock.set(Instant.parse("2027-01-10T12:00:00Z"));
    String due =
        awaitValue(
            Duration.ofSeconds(30),
            () -> {
              String next = bench.get("shop").getStatus().dmarc.nextStepAt;
              return next != null && next.startsWith("2027-01-11") ? next : null;
            });
    bench.clock.set(Instant.parse(due));
    SenderDomain ramp =
        awaitValue(
            Duration.ofSeconds(60),
            () -> {
              SenderDomain s = bench.get("shop");
              return s.getStatus().dmarc.record.contains("p=quarantine") ? s : null;
            });
    assertThat(pastedAt).isAfterOrEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    String firstStep = ramp.getStatus().dmarc.record;
    awaitValue(
        Duration.ofSeconds(30),
        () -> Boolean.TRUE.equals(bench.get("shop").getStatus().dmarc.pending) ? true : null);

    // Days pass and nobody pastes it: the rollout holds at the step shown, it never walks on.
    bench.clock.set(Instant.parse("2027-01-20T00:00:00Z"));
    SenderDomain held =
        awaitValue(
            Duration.ofSeconds(60),
            () -> {
              SenderDomain s = bench.get("shop");
              return is(s, "RolloutProgressing", "False") ? s : null;
            });
    assertThat(held.getStatus().dmarc.record).isEqualTo(firstStep);
    assertThat(condition(held, "RolloutProgressing").get().getMessage())
        .contains("not served by the domain's authoritative servers yet");
    assertThat(bench.serial()).as("still nothing pushed").isEqualTo(serialAfterPaste());

    paste(held.getStatus().records);
    SenderDomain after =
        awaitValue(
            Duration.ofSeconds(60),
            () -> {
              SenderDomain s = bench.get("shop");
              return is(s, "RecordsVerified", "True") && s.getStatus().dmarc.pending == null
                  ? s
                  : null;
            });
    assertThat(Instant.parse(after.getStatus().dmarc.since))
        .as("the step is in effect from when it was served, not from when it was shown")
        .isAfterOrEqualTo(Instant.parse("2027-01-20T00:00:00Z"));

    // Deleting it removes nothing a person pasted, and nothing holds the deletion up.
    long beforeDelete = bench.serial();
    bench.client.resource(bench.get("shop")).delete();
    awaitValue(Duration.ofSeconds(30), () -> bench.get("shop") == null ? true : null);
    assertThat(bench.serial()).as("nothing removed from the zone").isEqualTo(beforeDelete);
  }

  private long pastedSerial;

  private long serialAfterPaste() {
    return pastedSerial;
  }

  /** Brings the zone to the records shown, as a person would (whole sets, replaced). */
  private void paste(List<RecordStatus> shown) throws Exception {
    Map<RecordKey, List<String>> values = new TreeMap<>();
    Map<RecordKey, Long> ttls = new TreeMap<>();
    for (RecordStatus r : shown) {
      RecordKey key = new RecordKey(r.name, RecordType.valueOf(r.type));
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(r.value);
      ttls.put(key, r.ttl);
    }
    List<RecordSet> current = person.read(values.keySet());
    List<RecordSet> creates = new ArrayList<>();
    List<ChangeSet.Update> updates = new ArrayList<>();
    values.forEach(
        (key, v) -> {
          RecordSet want =
              new RecordSet(key.name(), key.type(), ttls.get(key), v.stream().sorted().toList());
          current.stream()
              .filter(c -> c.key().equals(key))
              .findFirst()
              .ifPresentOrElse(
                  c -> {
                    if (!c.equals(want)) {
                      updates.add(new ChangeSet.Update(c, want));
                    }
                  },
                  () -> creates.add(want));
        });
    person.apply(new ChangeSet(creates, updates, List.of()));
    pastedSerial = bench.serial();
  }
}
