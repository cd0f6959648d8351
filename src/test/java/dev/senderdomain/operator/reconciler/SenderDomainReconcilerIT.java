package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.ProviderRef;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.api.v1alpha1.SpfSpec;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.testsupport.MockApi;
import dev.senderdomain.operator.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against the Fabric8 CRUD mock API, with in-memory fakes of the key and DNS seams.
 */
class SenderDomainReconcilerIT {
  static final String NS = "mail";

  MockApi api;
  KubernetesClient client;
  OperatorRuntime runtime;
  FakeSeams.Keys keys = new FakeSeams.Keys();
  FakeSeams.Dns dns = new FakeSeams.Dns();
  MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  @BeforeEach
  void start() {
    api = new MockApi().namespace(NS);
    client = api.client();
    runtime =
        OperatorRuntime.create(
                client,
                new OperatorRuntime.Settings(Set.of(), null, "test", Duration.ofSeconds(2), 4),
                new OperatorRuntime.Seams(clock, keys, dns, new ProviderLookup("operators")),
                new OperatorMetrics(new SimpleMeterRegistry()))
            .start();
  }

  @AfterEach
  void stop() {
    runtime.close();
    api.close();
  }

  @Test
  void anAppliedSenderDomainBecomesReadyWithItsRecordsInStatus() {
    createProvider("bind-primary");
    create("shop", "shop.example.com");
    SenderDomain sd = awaitCondition("shop", "Ready", "True");
    assertThat(sd.getStatus().observedGeneration).isEqualTo(sd.getMetadata().getGeneration());
    assertThat(sd.getStatus().records)
        .extracting(r -> r.name + " " + r.type)
        .contains(
            "shop.example.com TXT",
            "_dmarc.shop.example.com TXT",
            "fakersa2048._domainkey.shop.example.com TXT");
    assertThat(sd.getStatus().records).allMatch(r -> Boolean.TRUE.equals(r.served));
    assertThat(sd.getStatus().dmarc.policy).isEqualTo("none");
    assertThat(dns.zone.get("shop.example.com")).hasSize(sd.getStatus().records.size());
    assertThat(condition(sd, "KeysReady")).map(Condition::getStatus).contains("True");
  }

  @Test
  void anInvalidSpecIsRefusedNamingTheFieldAndDoesNotBlockOthers() {
    createProvider("bind-primary");
    SenderDomain bad = senderDomain("bad", "shop.example.com");
    bad.getSpec().spf.include = List.of("evil.example +all");
    client.resource(bad).create();
    create("good", "news.example.org");
    SenderDomain refused = awaitCondition("bad", "Ready", "False");
    assertThat(condition(refused, "Ready").get().getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(refused, "Ready").get().getMessage()).contains("spec.spf.include[0]");
    awaitCondition("good", "Ready", "True");
    assertThat(dns.zone).containsOnlyKeys("news.example.org");
  }

  @Test
  void theYoungerOfTwoClaimsOnOneDomainIsRefusedAndNeverWrites() throws Exception {
    createProvider("bind-primary");
    create("first", "shop.example.com");
    awaitCondition("first", "Ready", "True");
    Thread.sleep(1100); // creation timestamps have one-second resolution
    create("second", "shop.example.com");
    SenderDomain second = awaitCondition("second", "Ready", "False");
    assertThat(condition(second, "Ready").get().getReason()).isEqualTo("DomainClaimed");
    assertThat(condition(second, "Ready").get().getMessage()).contains(NS + "/first");
    assertThat(dns.writes.get()).isEqualTo(1);
  }

  @Test
  void aMissingProviderIsReportedAndTheDomainRecoversWhenItAppears() {
    create("shop", "shop.example.com");
    SenderDomain waiting = awaitCondition("shop", "Ready", "False");
    assertThat(condition(waiting, "Ready").get().getReason()).isEqualTo("ProviderNotFound");
    createProvider("bind-primary");
    awaitCondition("shop", "Ready", "True");
  }

  @Test
  void aTransientDnsFailureIsRetriedAndRecovers() {
    createProvider("bind-primary");
    dns.failure.set(
        new DnsProviderException(
            ProviderFailure.Unreachable, "127.0.0.1:53: connection refused", false));
    create("shop", "shop.example.com");
    SenderDomain failing = awaitCondition("shop", "RecordsPublished", "False");
    assertThat(condition(failing, "RecordsPublished").get().getReason()).isEqualTo("Unreachable");
    dns.failure.set(null);
    awaitCondition("shop", "Ready", "True");
  }

  @Test
  void duringADnsOutageRecordsVerifiedNoLongerSaysTheRecordsAreServed() {
    createProvider("bind-primary");
    create("shop", "shop.example.com");
    awaitCondition("shop", "RecordsVerified", "True");
    dns.failure.set(
        new DnsProviderException(
            ProviderFailure.Unreachable, "127.0.0.1:53: connection refused", false));
    SenderDomain outage = awaitCondition("shop", "RecordsVerified", "Unknown");
    assertThat(condition(outage, "RecordsVerified").get().getReason()).isEqualTo("Unreachable");
    assertThat(condition(outage, "RecordsVerified").get().getMessage())
        .startsWith("not checked: 127.0.0.1:53: connection refused");
    assertThat(condition(outage, "Ready").map(Condition::getStatus)).contains("False");
    dns.failure.set(null);
    awaitCondition("shop", "RecordsVerified", "True");
  }

  @Test
  void aPermanentDnsFailureStopsWithAClearConditionInsteadOfRetrying() throws Exception {
    createProvider("bind-primary");
    dns.failure.set(
        new DnsProviderException(
            ProviderFailure.Unauthorized, "TSIG key mail-key was refused (BADKEY)", true));
    create("shop", "shop.example.com");
    // The provider informer may deliver the DnsProvider after the SenderDomain's first reconcile
    // (ProviderNotFound for a moment); the provider's arrival reconciles it again.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                Optional.ofNullable(get("shop"))
                    .filter(sd -> sd.getStatus() != null)
                    .flatMap(sd -> condition(sd, "Ready"))
                    .map(c -> "Unauthorized".equals(c.getReason()))
                    .orElse(false));
    SenderDomain failing = get("shop");
    assertThat(condition(failing, "Ready").get().getStatus()).isEqualTo("False");
    assertThat(condition(failing, "RecordsPublished").get().getMessage()).contains("BADKEY");
  }

  @Test
  void aNewDomainsFirstKeyIsActivatedInTheReconcileThatVerifiedItsRecord() throws Exception {
    keys.activateWhenServed = true;
    createProvider("bind-primary");
    List<String> keysReadySeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
        client
            .resources(SenderDomain.class)
            .inNamespace(NS)
            .withName("shop")
            .watch(
                new io.fabric8.kubernetes.client.Watcher<SenderDomain>() {
                  @Override
                  public void eventReceived(Action action, SenderDomain sd) {
                    if (sd.getStatus() != null) {
                      condition(sd, "KeysReady").ifPresent(c -> keysReadySeen.add(c.getStatus()));
                    }
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
                })) {
      create("shop", "shop.example.com");
      SenderDomain sd = awaitCondition("shop", "KeysReady", "True");
      assertThat(sd.getStatus().dkim.activeSelectors).isEqualTo("fakersa2048");
      // Every status ever written had the key active: no status went out with the key still
      // waiting.
      assertThat(keysReadySeen).isNotEmpty().containsOnly("True");
    }
  }

  @Test
  void aResyncOfAnUnchangedDomainWritesNothing() throws Exception {
    createProvider("bind-primary");
    create("shop", "shop.example.com");
    String version = awaitCondition("shop", "Ready", "True").getMetadata().getResourceVersion();
    int writes = dns.writes.get();
    Thread.sleep(5000); // resync interval is 2 s: at least two more reconciles
    assertThat(get("shop").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(dns.writes.get()).isEqualTo(writes);
  }

  @Test
  void recordsPushedButNotYetServedAreReadyButNotVerifiedUntilServed() {
    createProvider("bind-primary");
    dns.serveOnly("shop.example.com", name -> false);
    create("shop", "shop.example.com");
    SenderDomain waiting = awaitCondition("shop", "RecordsVerified", "False");
    assertThat(condition(waiting, "RecordsVerified").get().getReason()).isEqualTo("NotYetServed");
    assertThat(condition(waiting, "RecordsVerified").get().getMessage())
        .contains("_dmarc.shop.example.com");
    assertThat(condition(waiting, "RecordsPublished").get().getReason()).isEqualTo("Published");
    assertThat(condition(waiting, "Ready").map(Condition::getStatus)).contains("True");
    assertThat(condition(waiting, "Ready").get().getReason()).isEqualTo("Published");
    assertThat(waiting.getStatus().records).noneMatch(r -> Boolean.TRUE.equals(r.served));
    dns.serveAll("shop.example.com");
    SenderDomain served = awaitCondition("shop", "RecordsVerified", "True");
    assertThat(condition(served, "RecordsVerified").get().getReason()).isEqualTo("Verified");
    assertThat(condition(served, "Ready").get().getReason()).isEqualTo("Reconciled");
  }

  @Test
  void partlyServedRecordsNameOnlyWhatIsMissing() {
    createProvider("bind-primary");
    dns.serveOnly("shop.example.com", name -> !name.startsWith("_dmarc."));
    create("shop", "shop.example.com");
    SenderDomain partly = awaitCondition("shop", "RecordsVerified", "False");
    assertThat(condition(partly, "RecordsVerified").get().getMessage())
        .isEqualTo("not yet served: _dmarc.shop.example.com");
    assertThat(partly.getStatus().records)
        .allSatisfy(r -> assertThat(r.served).as(r.name).isEqualTo(!r.name.startsWith("_dmarc.")));
  }

  @Test
  void aKeyWhoseRecordIsNotServedIsNotActivated() {
    keys.activateWhenServed = true;
    createProvider("bind-primary");
    dns.serveOnly("shop.example.com", name -> !name.contains("._domainkey."));
    create("shop", "shop.example.com");
    SenderDomain waiting = awaitCondition("shop", "KeysReady", "False");
    assertThat(condition(waiting, "KeysReady").get().getReason()).isEqualTo("Waiting");
    assertThat(waiting.getStatus().dkim.activeSelectors).isEmpty();
    dns.serveAll("shop.example.com");
    assertThat(awaitCondition("shop", "KeysReady", "True").getStatus().dkim.activeSelectors)
        .isEqualTo("fakersa2048");
  }

  @Test
  void aManualProviderWaitsWithReadyUnknownUntilTheRecordsArePasted() {
    createProvider("bind-primary");
    dns.manual("shop.example.com");
    create("shop", "shop.example.com");
    SenderDomain waiting = awaitCondition("shop", "Ready", "Unknown");
    assertThat(condition(waiting, "Ready").get().getReason()).isEqualTo("ManualProvider");
    assertThat(condition(waiting, "Ready").get().getMessage())
        .startsWith("waiting for the records to be published by hand: not yet served: ");
    assertThat(condition(waiting, "RecordsPublished").map(Condition::getStatus)).contains("False");
    assertThat(condition(waiting, "RecordsPublished").get().getReason())
        .isEqualTo("ManualProvider");
    assertThat(condition(waiting, "RecordsVerified").get().getReason()).isEqualTo("NotYetServed");
    assertThat(dns.zone).isEmpty();
    dns.serveAll("shop.example.com"); // somebody pasted them
    SenderDomain pasted = awaitCondition("shop", "Ready", "True");
    assertThat(condition(pasted, "Ready").get().getReason()).isEqualTo("Reconciled");
    assertThat(condition(pasted, "RecordsVerified").get().getReason()).isEqualTo("Verified");
    assertThat(condition(pasted, "RecordsPublished").get().getReason()).isEqualTo("ManualProvider");
    assertThat(dns.zone).isEmpty();
  }

  @Test
  void anUnreachableProviderForOneDomainDoesNotHoldUpTheOthers() {
    createProvider("bind-primary");
    dns.failFor(
        "shop.example.com",
        new DnsProviderException(ProviderFailure.Unreachable, "127.0.0.1:53: timed out", false));
    create("shop", "shop.example.com");
    create("news", "news.example.org");
    awaitCondition("news", "Ready", "True");
    SenderDomain failing = awaitCondition("shop", "RecordsPublished", "False");
    assertThat(condition(failing, "Ready").get().getReason()).isEqualTo("Unreachable");
    assertThat(condition(failing, "Ready").get().getMessage()).endsWith("(retrying)");
    dns.recover("shop.example.com");
    awaitCondition("shop", "Ready", "True");
  }

  @Test
  void everyProviderFailureShowsAsItsOwnReasonWhetherPermanentOrRetried() {
    createProvider("bind-primary");
    for (ProviderFailure f : ProviderFailure.values()) {
      for (boolean permanent : new boolean[] {true, false}) {
        String name = f.name().toLowerCase(java.util.Locale.ROOT) + (permanent ? "-p" : "-t");
        dns.failFor(
            name + ".example.com",
            new DnsProviderException(f, "scripted " + f + " failure", permanent));
        create(name, name + ".example.com");
      }
    }
    for (ProviderFailure f : ProviderFailure.values()) {
      for (String suffix : List.of("-p", "-t")) {
        String name = f.name().toLowerCase(java.util.Locale.ROOT) + suffix;
        SenderDomain failed = awaitCondition(name, "RecordsPublished", "False");
        assertThat(condition(failed, "RecordsPublished").get().getReason())
            .as(name)
            .isEqualTo(f.name());
        assertThat(condition(awaitCondition(name, "Ready", "False"), "Ready").get().getReason())
            .as(name)
            .isEqualTo(f.name());
      }
    }
  }

  @Test
  void aNewDomainWhoseStartLiesFortyDaysBackPublishesMonitoringFirst() {
    createProvider("bind-primary");
    SenderDomain sd = senderDomain("late", "late.example.com");
    sd.getSpec().dmarc = new DmarcSpec();
    sd.getSpec().dmarc.rollout = new DmarcSpec.Rollout();
    sd.getSpec().dmarc.rollout.start = "2026-10-22"; // 40 days before the clock
    sd.getSpec().dmarc.rollout.targetPolicy = "reject";
    sd.getSpec().dmarc.rollout.targetDate = "2027-01-20";
    client.resource(sd).create();
    SenderDomain first = awaitCondition("late", "Ready", "True");
    // Nothing was published and no report was seen: the first record monitors, whatever the
    // schedule says (it would say p=quarantine; pct=50; t=y by now).
    assertThat(first.getStatus().dmarc.record).startsWith("v=DMARC1; p=none");
    // Held for monitorFor (7 days) from now, then the ramp re-spread to the target date.
    assertThat(first.getStatus().dmarc.nextStepAt).isEqualTo("2026-12-09T00:00:00Z");
    assertThat(first.getStatus().dmarc.expectedCompletion).isEqualTo("2027-01-20T00:00:00Z");
    assertThat(dns.zone.get("late.example.com"))
        .filteredOn(r -> r.name().equals("_dmarc.late.example.com"))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).startsWith("v=DMARC1; p=none"));
  }

  @Test
  void aDomainWithoutStatusResumesFromTheServedDmarcRecordNotFromTheSchedule() throws Exception {
    createProvider("bind-primary");
    // Published before (by an earlier installation, or before status was lost): q5 in test mode.
    dns.zone.put(
        "late.example.com",
        List.of(
            new DnsRecord(
                "_dmarc.late.example.com",
                RecordType.TXT,
                3600,
                "v=DMARC1; p=quarantine; pct=5; t=y; rua=mailto:old@late.example.com")));
    SenderDomain sd = senderDomain("late", "late.example.com");
    sd.getSpec().dmarc = new DmarcSpec();
    sd.getSpec().dmarc.rollout = new DmarcSpec.Rollout();
    sd.getSpec().dmarc.rollout.start = "2026-10-22";
    sd.getSpec().dmarc.rollout.targetDate = "2027-01-20";
    client.resource(sd).create();
    SenderDomain resumed = awaitCondition("late", "Ready", "True");
    // Neither p=none (a step down for RFC 7489 receivers) nor the schedule's step for today.
    assertThat(resumed.getStatus().dmarc.record).isEqualTo("v=DMARC1; p=quarantine; pct=5; t=y");
    assertThat(resumed.getStatus().dmarc.since).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(resumed.getStatus().dmarc.nextStepAt).isEqualTo("2026-12-03T00:00:00Z");
    assertThat(condition(resumed, "RolloutProgressing").get().getReason())
        .isEqualTo("StateRecovered");
    assertThat(dns.zone.get("late.example.com"))
        .filteredOn(r -> r.name().equals("_dmarc.late.example.com"))
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo("v=DMARC1; p=quarantine; pct=5; t=y"));
    // The step is in status now: later reconciles walk on from it and read nothing back.
    Thread.sleep(3000);
    assertThat(dns.reads.get()).isEqualTo(1);
    clock.set(Instant.parse("2026-12-03T00:00:01Z"));
    await().atMost(Duration.ofSeconds(30)).until(() -> get("late").getStatus().dmarc.pct > 5);
    SenderDomain next = get("late");
    assertThat(next.getStatus().dmarc.policy).isEqualTo("quarantine");
    assertThat(next.getStatus().dmarc.pct).isBetween(6, 10);
    assertThat(dns.reads.get()).isEqualTo(1);
  }

  void createProvider(String name) {
    DnsProvider p = new DnsProvider();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(NS);
    p.setSpec(new DnsProviderSpec());
    // A pushing kind (the fake DNS seam stands in for it; nothing dials this address). A manual
    // provider would make the domain's records published by hand.
    p.getSpec().rfc2136 = new DnsProviderSpec.Rfc2136();
    p.getSpec().rfc2136.server = "192.0.2.53";
    client.resource(p).create();
  }

  SenderDomain senderDomain(String name, String domain) {
    SenderDomain sd = new SenderDomain();
    sd.getMetadata().setName(name);
    sd.getMetadata().setNamespace(NS);
    SenderDomainSpec spec = new SenderDomainSpec();
    spec.domain = domain;
    spec.providerRef = new ProviderRef("bind-primary", null);
    spec.spf = new SpfSpec();
    spec.spf.include = List.of("_spf.mailer.example.net");
    sd.setSpec(spec);
    return sd;
  }

  void create(String name, String domain) {
    client.resource(senderDomain(name, domain)).create();
  }

  SenderDomain get(String name) {
    return client.resources(SenderDomain.class).inNamespace(NS).withName(name).get();
  }

  SenderDomain awaitCondition(String name, String type, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              SenderDomain sd = get(name);
              return sd != null
                  && sd.getStatus() != null
                  && condition(sd, type).map(c -> c.getStatus().equals(status)).orElse(false);
            });
    return get(name);
  }

  static Optional<Condition> condition(SenderDomain sd, String type) {
    return sd.getStatus().conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
  }
}
