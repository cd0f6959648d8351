package dev.senderdomain.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.cli.Manifests;
import dev.senderdomain.operator.dkim.DkimKey;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimKeyState;
import dev.senderdomain.operator.dkim.DkimSigner;
import dev.senderdomain.operator.dkim.DkimVerification;
import dev.senderdomain.operator.dkim.DkimVerifier;
import dev.senderdomain.operator.dns.Verifier;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.reconciler.KubernetesSecretResolver;
import dev.senderdomain.operator.reconciler.OperatorRuntime;
import dev.senderdomain.operator.reconciler.ProviderLookup;
import dev.senderdomain.operator.reconciler.ProviderRecordPublisher;
import dev.senderdomain.operator.reconciler.SecretKeyManager;
import dev.senderdomain.operator.testsupport.BindServer;
import dev.senderdomain.operator.testsupport.MockApi;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The vertical slice end to end: the example SenderDomain applied to the Fabric8 CRUD mock API, the
 * operator running with its production seams, a real BIND 9 taking RFC 2136 updates signed with
 * TSIG. Then, as a receiver would: the records are read back from BIND with dnsjava, and a message
 * signed with the key an MTA reads from the Secret verifies against the published DKIM record.
 */
class OperatorWithBindIT {
  static final String NS = "mail";
  static BindServer bind;
  static MockApi api;
  static KubernetesClient client;
  static OperatorRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    bind = BindServer.start("example.com");
    api = new MockApi().namespace(NS);
    client = api.client();
    bind.applyAsDnsProvider(client, NS, "bind-primary", null);
    OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry());
    Clock clock = Clock.systemUTC();
    runtime =
        OperatorRuntime.create(
                client,
                new OperatorRuntime.Settings(Set.of(), null, "it", Duration.ofSeconds(2), 4),
                new OperatorRuntime.Seams(
                    clock,
                    new SecretKeyManager(client, DkimKeyGenerator.production()),
                    new ProviderRecordPublisher(
                        client,
                        new KubernetesSecretResolver(client),
                        req ->
                            Optional.of(
                                new Verifier(List.of(bind.address()), Duration.ofSeconds(2))),
                        metrics),
                    new ProviderLookup("operators")),
                metrics)
            .start();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (api != null) {
      api.close();
    }
    if (bind != null) {
      bind.close();
    }
  }

  @Test
  void theExampleDomainGetsKeysRecordsInBindAndAVerifyingDkimSignature() throws Exception {
    SenderDomain sd =
        Manifests.read(List.of(Path.of("examples/sender-domain.yaml"))).senderDomains.get(0);
    client.resource(sd).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .conditionEvaluationListener(
            c -> {
              if (c.getRemainingTimeInMS() < 500) {
                System.out.println(
                    "status: "
                        + io.fabric8.kubernetes.client.utils.Serialization.asJson(
                            get().getStatus()));
              }
            })
        .until(
            () -> {
              SenderDomain s = get();
              return s.getStatus() != null
                  && isTrue(s, "Ready")
                  && isTrue(s, "RecordsVerified")
                  && s.getStatus().dkim != null
                  && s.getStatus().dkim.activeSelectors != null
                  && !s.getStatus().dkim.activeSelectors.isBlank();
            });
    SenderDomain ready = get();

    // Every record in status is served by BIND, exactly.
    for (var r : ready.getStatus().records) {
      assertThat(r.served).as(r.name).isTrue();
      if (r.type.equals("TXT")) {
        assertThat(txt(r.name)).as(r.name).contains(r.value);
      }
    }
    assertThat(txt("shop.example.com"))
        .contains(
            "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/64 include:_spf.mailer.example.net -all");
    assertThat(txt("_dmarc.shop.example.com"))
        .singleElement()
        .asString()
        .startsWith("v=DMARC1; p=");

    // What an MTA does: read the active selector and key from the Secret, sign; what a receiver
    // does: look up
    // the selector's record in DNS and verify.
    Secret secret = client.secrets().inNamespace(NS).withName("shop-example-com-dkim").get();
    String selector = plain(secret, "active.selector");
    assertThat(ready.getStatus().dkim.activeSelectors).contains(selector);
    DkimKey key =
        DkimKey.fromPkcs8(
            selector,
            DkimKeyState.ACTIVE,
            Instant.now(),
            pemToDer(plain(secret, "active.key")),
            "active.key");
    byte[] message =
        ("From: Shop <hello@shop.example.com>\r\nTo: someone@example.net\r\nSubject: hi\r\n\r\n"
                + "Your order shipped.\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] signed =
        DkimSigner.signMessage(
            message,
            "shop.example.com",
            selector,
            key,
            List.of("From", "To", "Subject"),
            Instant.now());
    List<String> published = txt(selector + "._domainkey.shop.example.com");
    assertThat(published).hasSize(1);
    DkimVerification verdict = DkimVerifier.verify(signed, published.get(0));
    assertThat(verdict.pass()).as(verdict.reason()).isTrue();

    byte[] tampered =
        new String(signed, StandardCharsets.US_ASCII)
            .replace("shipped", "cancelled")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(DkimVerifier.verify(tampered, published.get(0)).pass()).isFalse();

    // The private key never reaches status.
    String status = io.fabric8.kubernetes.client.utils.Serialization.asJson(ready.getStatus());
    assertThat(status)
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(
            plain(secret, "active.key")
                .lines()
                .filter(l -> !l.startsWith("-----"))
                .findFirst()
                .orElseThrow());
  }

  @Test
  void aRecordDeletedBehindTheOperatorsBackIsRepairedWithAnEvent() throws Exception {
    SenderDomain sd =
        Manifests.read(List.of(Path.of("examples/sender-domain.yaml"))).senderDomains.get(0);
    sd.getMetadata().setName("drift");
    sd.getSpec().domain = "drift.example.com";
    client.resource(sd).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              SenderDomain s =
                  client.resources(SenderDomain.class).inNamespace(NS).withName("drift").get();
              return s.getStatus() != null && isTrue(s, "RecordsVerified");
            });
    String dmarc = txt("_dmarc.drift.example.com").get(0);
    try (var admin =
        new dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter(
            bind.settings("example.com"))) {
      var key =
          new dev.senderdomain.operator.dns.RecordKey(
              "_dmarc.drift.example.com", dev.senderdomain.operator.dns.RecordType.TXT);
      admin.apply(
          new dev.senderdomain.operator.dns.ChangeSet(
              List.of(), List.of(), admin.read(List.of(key))));
    }
    assertThat(txt("_dmarc.drift.example.com")).isEmpty();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> txt("_dmarc.drift.example.com").equals(List.of(dmarc)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.v1().events().inNamespace(NS).list().getItems().stream()
                    .anyMatch(
                        e ->
                            e.getInvolvedObject().getName().equals("drift")
                                && "DriftRepaired".equals(e.getReason())
                                && e.getMessage().contains("_dmarc.drift.example.com")));
  }

  @Test
  void aForeignRecordInTheWayIsLeftAloneAndReportedAsForeignRecord() throws Exception {
    var bounceMx =
        new dev.senderdomain.operator.dns.RecordSet(
            "bounce.foreign.example.com",
            dev.senderdomain.operator.dns.RecordType.MX,
            300,
            List.of("10 mx.someone-else.example.net"));
    try (var admin =
        new dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter(
            bind.settings("example.com"))) {
      admin.apply(
          new dev.senderdomain.operator.dns.ChangeSet(List.of(bounceMx), List.of(), List.of()));
    }
    SenderDomain sd =
        Manifests.read(List.of(Path.of("examples/sender-domain.yaml"))).senderDomains.get(0);
    sd.getMetadata().setName("foreign");
    sd.getSpec().domain = "foreign.example.com";
    client.resource(sd).create();
    Condition ready = awaitReady("foreign", "False");
    assertThat(ready.getReason()).isEqualTo("ForeignRecord");
    assertThat(ready.getMessage()).contains("bounce.foreign.example.com").contains("someone-else");
    try (var reader =
        new dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter(
            bind.settings("example.com"))) {
      assertThat(reader.read(List.of(bounceMx.key()))).containsExactly(bounceMx);
    }
  }

  @Test
  void aDnsProviderWithoutASectionIsReportedAsInvalidProvider() throws Exception {
    var provider = new dev.senderdomain.operator.api.v1alpha1.DnsProvider();
    provider.getMetadata().setName("nothing-set");
    provider.getMetadata().setNamespace(NS);
    provider.setSpec(new dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec());
    client.resource(provider).create();
    SenderDomain sd =
        Manifests.read(List.of(Path.of("examples/sender-domain.yaml"))).senderDomains.get(0);
    sd.getMetadata().setName("invalid-provider");
    sd.getSpec().domain = "invalid-provider.example.com";
    sd.getSpec().providerRef.name = "nothing-set";
    client.resource(sd).create();
    Condition ready = awaitReady("invalid-provider", "False");
    assertThat(ready.getReason()).isEqualTo("InvalidProvider");
    assertThat(ready.getMessage()).contains("exactly one of");
  }

  static Condition awaitReady(String name, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              SenderDomain s =
                  client.resources(SenderDomain.class).inNamespace(NS).withName(name).get();
              return s != null
                  && s.getStatus() != null
                  && s.getStatus().conditions.stream()
                      .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals(status));
            });
    return client
        .resources(SenderDomain.class)
        .inNamespace(NS)
        .withName(name)
        .get()
        .getStatus()
        .conditions
        .stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }

  static SenderDomain get() {
    return client.resources(SenderDomain.class).inNamespace(NS).withName("shop-example-com").get();
  }

  static boolean isTrue(SenderDomain sd, String type) {
    return sd.getStatus().conditions.stream()
        .filter(c -> c.getType().equals(type))
        .map(Condition::getStatus)
        .anyMatch("True"::equals);
  }

  static String plain(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  static byte[] pemToDer(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }

  /** The TXT strings at a name as BIND serves them, each record's character-strings joined. */
  static List<String> txt(String name) throws Exception {
    Lookup lookup = new Lookup(name, Type.TXT);
    SimpleResolver resolver = new SimpleResolver(bind.address());
    resolver.setTCP(true);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] records = lookup.run();
    List<String> out = new ArrayList<>();
    if (records != null) {
      for (Record r : records) {
        out.add(String.join("", ((TXTRecord) r).getStrings()));
      }
    }
    return out;
  }
}
