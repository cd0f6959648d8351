package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.OwnershipMarker;
import dev.senderdomain.operator.testsupport.ApiServerStandIn;
import dev.senderdomain.operator.testsupport.DeployedWorld;
import dev.senderdomain.operator.testsupport.OperatorProcess;
import dev.senderdomain.operator.testsupport.RenderedChart;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A platform team's cluster: one ClusterDnsProvider for the company zone over a real BIND, tenants
 * in their own namespaces, the company's own SPF and DMARC at the apex and a legacy sender's SPF at
 * {@code legacy.example.com}. The operator runs as its own process with the chart's RBAC (which now
 * lets it read Namespaces) and the CRDs' admission.
 */
class TenancyRingIT {
  static final String COMPANY_SPF = "v=spf1 include:_spf.google.com ~all";
  static final String LEGACY_SPF = "v=spf1 ip4:192.0.2.1 -all";
  static final String PROVIDER = "company-dns";

  DeployedWorld world;

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void tenantsPublishOnlyWhatTheProviderScopeAllowsAndClaimsAreNeitherSquattedNorLeftStale()
      throws Exception {
    world =
        DeployedWorld.start(
            ApiServerStandIn.builder().namespaces("team-a", "team-b", "team-c"),
            List.of(
                "@ 300 IN TXT \"" + COMPANY_SPF + "\"",
                "_dmarc 300 IN TXT \"v=DMARC1; p=reject\"",
                "legacy 300 IN TXT \"" + LEGACY_SPF + "\""));
    KubernetesClient admin = world.api.admin();
    for (String ns : List.of("team-a", "team-b")) {
      admin.namespaces().withName(ns).edit(n -> label(n, "mail.example.com/sender", "yes"));
    }
    applyClusterProvider(admin, "");
    OperatorProcess first =
        world.operator("senderdomain-operator-a").awaitReady(Duration.ofSeconds(90));

    // Without a scope: a fresh name is published, the apex and a name with a foreign SPF are not.
    apply(admin, "team-a", "shop", "shop.example.com", false);
    apply(admin, "team-b", "apex", "example.com", true);
    apply(admin, "team-b", "legacy", "legacy.example.com", false);
    awaitReason(admin, "team-a", "shop", "True", null);
    assertThat(awaitReason(admin, "team-b", "apex", "False", "ProviderNotAllowed"))
        .contains("example.com is a zone apex")
        .contains("ClusterDnsProvider company-dns")
        .contains("spec.allowedDomains names example.com explicitly");
    assertThat(awaitReason(admin, "team-b", "legacy", "False", "ProviderNotAllowed"))
        .contains("legacy.example.com already carries mail records the operator did not create")
        .contains(LEGACY_SPF);
    assertThat(world.txt("example.com")).containsExactly(COMPANY_SPF);
    assertThat(world.txtTtl("example.com")).isEqualTo(300);
    assertThat(world.txt("legacy.example.com")).containsExactly(LEGACY_SPF);
    assertThat(world.txt(OwnershipMarker.nameFor("example.com"))).isEmpty();
    assertThat(world.txt(OwnershipMarker.nameFor("legacy.example.com"))).isEmpty();
    assertThat(world.txt("_dmarc.example.com")).containsExactly("v=DMARC1; p=reject");

    // The platform team scopes the provider: labelled namespaces, names under apps plus the apex,
    // which may take a merge.
    applyClusterProvider(
        admin,
        """
          allowSpfMerge: true
          allowedDomains: ["*.apps.example.com", example.com, shop.example.com]
          allowedNamespaces:
            selector: {matchLabels: {mail.example.com/sender: "yes"}}
        """);
    apply(admin, "team-c", "c", "c.apps.example.com", false);
    apply(admin, "team-b", "payroll", "payroll.example.com", false);
    assertThat(awaitReason(admin, "team-c", "c", "False", "ProviderNotAllowed"))
        .contains("namespace team-c is not allowed by spec.allowedNamespaces")
        .contains("mail.example.com/sender=yes");
    assertThat(awaitReason(admin, "team-b", "payroll", "False", "ProviderNotAllowed"))
        .contains("payroll.example.com is not in spec.allowedDomains");
    assertThat(world.txt("c.apps.example.com")).isEmpty();
    assertThat(world.txt(OwnershipMarker.nameFor("c.apps.example.com"))).isEmpty();
    assertThat(world.txt("payroll.example.com")).isEmpty();
    assertThat(world.txt(OwnershipMarker.nameFor("payroll.example.com"))).isEmpty();

    // The apex, named explicitly and allowed to merge: only our mechanisms go in, the company's
    // TTL stays, and status shows what is served.
    String merged = "v=spf1 include:_spf.google.com ip4:203.0.113.0/24 ~all";
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> world.txt("example.com").equals(List.of(merged)));
    // The company's DMARC record is not ours to replace, scope or not (RFC 7489 6.6.3).
    assertThat(awaitReason(admin, "team-b", "apex", "False", "ForeignDmarcRecord"))
        .contains("_dmarc.example.com");
    assertThat(world.txt("_dmarc.example.com")).containsExactly("v=DMARC1; p=reject");
    assertThat(world.txtTtl("example.com")).as("the company's SPF TTL").isEqualTo(300);
    assertThat(world.txtTtl("legacy.example.com")).isEqualTo(300);
    SenderDomain apex = get(admin, "team-b", "apex");
    assertThat(apex.getStatus().records)
        .filteredOn(r -> r.name.equals("example.com") && r.type.equals("TXT"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value).isEqualTo(merged);
              assertThat(r.ttl).isEqualTo(300L);
              assertThat(r.served).isTrue();
            });

    // Two tenants apply the same name in the same second: the same one wins every time.
    awaitStartOfASecond();
    apply(admin, "team-a", "tie", "tie.apps.example.com", false);
    apply(admin, "team-b", "tie", "tie.apps.example.com", false);
    SenderDomain ta = get(admin, "team-a", "tie");
    SenderDomain tb = get(admin, "team-b", "tie");
    assertThat(ta.getMetadata().getCreationTimestamp())
        .as("created in the same second")
        .isEqualTo(tb.getMetadata().getCreationTimestamp());
    SenderDomain winner =
        List.of(ta, tb).stream()
            .min(Comparator.comparing(sd -> sd.getMetadata().getUid()))
            .orElseThrow();
    SenderDomain loser = winner == ta ? tb : ta;
    awaitReason(admin, winner.getMetadata().getNamespace(), "tie", "True", null);
    assertThat(
            awaitReason(admin, loser.getMetadata().getNamespace(), "tie", "False", "DomainClaimed"))
        .contains(
            "is already managed by SenderDomain " + winner.getMetadata().getNamespace() + "/tie")
        .contains("created in the same second")
        .contains("its uid " + winner.getMetadata().getUid() + " sorts before");
    assertThat(markerOwner("tie.apps.example.com"))
        .contains(winner.getMetadata().getNamespace() + "/tie");

    // team-a's SenderDomain is deleted while the operator is down (its marker stays); team-b may
    // then claim the name: the stale marker is adopted.
    apply(admin, "team-a", "web", "web.apps.example.com", false);
    awaitReason(admin, "team-a", "web", "True", null);
    assertThat(first.terminate(Duration.ofSeconds(30))).isEqualTo(143);
    admin
        .resources(SenderDomain.class)
        .inNamespace("team-a")
        .withName("web")
        .edit(
            sd -> {
              sd.getMetadata().setFinalizers(List.of());
              return sd;
            });
    admin.resources(SenderDomain.class).inNamespace("team-a").withName("web").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "team-a", "web") == null);
    assertThat(markerOwner("web.apps.example.com")).contains("team-a/web");
    world.operator("senderdomain-operator-b").awaitReady(Duration.ofSeconds(90));
    apply(admin, "team-b", "web", "web.apps.example.com", false);
    awaitReason(admin, "team-b", "web", "True", null);
    assertThat(markerOwner("web.apps.example.com")).contains("team-b/web");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin.v1().events().inNamespace("team-b").list().getItems().stream()
                    .anyMatch(
                        e ->
                            "ClaimAdopted".equals(e.getReason())
                                && e.getMessage().contains("team-a/web")
                                && e.getMessage().contains("no longer exists")));

    // After the restart the tie is decided the same way, and nothing out of scope was written.
    awaitReason(admin, loser.getMetadata().getNamespace(), "tie", "False", "DomainClaimed");
    awaitReason(admin, winner.getMetadata().getNamespace(), "tie", "True", null);
    assertThat(markerOwner("tie.apps.example.com"))
        .contains(winner.getMetadata().getNamespace() + "/tie");
    assertThat(world.txt("payroll.example.com")).isEmpty();
    assertThat(world.txt("legacy.example.com")).containsExactly(LEGACY_SPF);
    assertThat(world.txtTtl("example.com")).isEqualTo(300);
  }

  static io.fabric8.kubernetes.api.model.Namespace label(
      io.fabric8.kubernetes.api.model.Namespace n, String key, String value) {
    if (n.getMetadata().getLabels() == null) {
      n.getMetadata().setLabels(new java.util.HashMap<>());
    }
    n.getMetadata().getLabels().put(key, value);
    return n;
  }

  /** The company's ClusterDnsProvider (TSIG Secret in the operator's namespace) with a scope. */
  void applyClusterProvider(KubernetesClient admin, String scopeYaml) {
    if (admin.secrets().inNamespace(RenderedChart.NAMESPACE).withName("company-tsig").get()
        == null) {
      DeployedWorld.operatorNamespaceSecret(admin, "company-tsig", world.bind.keySecretBase64());
    }
    ClusterDnsProvider provider = world.clusterProvider(PROVIDER, "company-tsig", scopeYaml);
    ClusterDnsProvider existing =
        admin.resources(ClusterDnsProvider.class).withName(PROVIDER).get();
    if (existing == null) {
      admin.resource(provider).create();
    } else {
      existing.setSpec(provider.getSpec());
      admin.resource(existing).update();
    }
  }

  static void apply(
      KubernetesClient admin, String namespace, String name, String domain, boolean merge) {
    String yaml =
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata: {name: %s, namespace: %s}
        spec:
          domain: %s
          providerRef: {name: %s, kind: ClusterDnsProvider}
          ttl: 3600
          spf: {ip4: [203.0.113.0/24], merge: %s}
          dkim: {algorithms: [ed25519]}
        """
            .formatted(name, namespace, domain, PROVIDER, merge);
    admin.resource(Serialization.unmarshal(yaml, SenderDomain.class)).create();
  }

  static SenderDomain get(KubernetesClient admin, String namespace, String name) {
    return admin.resources(SenderDomain.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Waits until Ready has {@code status} (and {@code reason}, when given) and returns its message;
   * status "missing" waits for the resource to be absent.
   */
  static String awaitReason(
      KubernetesClient admin, String namespace, String name, String status, String reason) {
    String[] message = {null};
    String[] last = {"nothing"};
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                SenderDomain sd = get(admin, namespace, name);
                if (status.equals("missing")) {
                  return sd == null;
                }
                Optional<Condition> ready =
                    sd == null || sd.getStatus() == null || sd.getStatus().conditions == null
                        ? Optional.empty()
                        : sd.getStatus().conditions.stream()
                            .filter(c -> c.getType().equals("Ready"))
                            .findFirst();
                last[0] =
                    ready
                        .map(c -> c.getStatus() + " " + c.getReason() + " " + c.getMessage())
                        .orElse("no Ready");
                if (ready.isPresent()
                    && ready.get().getStatus().equals(status)
                    && (reason == null || reason.equals(ready.get().getReason()))
                    && sd.getMetadata().getGeneration().equals(sd.getStatus().observedGeneration)) {
                  message[0] = ready.get().getMessage();
                  return true;
                }
                return false;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          namespace
              + "/"
              + name
              + ": Ready "
              + status
              + " "
              + reason
              + " expected; last: "
              + last[0],
          e);
    }
    return message[0];
  }

  Optional<String> markerOwner(String domain) throws Exception {
    List<String> owners = new ArrayList<>();
    for (String v : world.txt(OwnershipMarker.nameFor(domain))) {
      OwnershipMarker.parse(domain, v).ifPresent(m -> owners.add(m.owner().toString()));
    }
    return owners.stream().findFirst();
  }

  /** So that two creations right after fall into the same second, as the API server counts. */
  static void awaitStartOfASecond() throws InterruptedException {
    long ms = Instant.now().toEpochMilli() % 1000;
    Thread.sleep(1000 - ms + 20);
  }
}
