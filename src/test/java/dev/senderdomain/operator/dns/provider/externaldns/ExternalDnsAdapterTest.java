package dev.senderdomain.operator.dns.provider.externaldns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderContract;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ExternalDNS adapter against the Fabric8 {@code KubernetesMockServer} in CRUD mode (a real
 * HTTP API server storing objects in memory): the contract is checked through the DNSEndpoint
 * objects the adapter writes and reads back. ExternalDNS itself does not run here; what it does
 * with the objects is its documented CRD source behaviour.
 */
class ExternalDnsAdapterTest extends DnsProviderContract {
  private static final String ZONE = "contract.test";
  private static final String NS = "mail";

  private KubernetesMockServer server;
  private KubernetesClient client;
  private DnsProviderAdapter adapter;

  @BeforeEach
  void startApiServer() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    adapter = ExternalDnsAdapter.create(spec(null, Map.of("dns", "public")), client, NS, ZONE);
  }

  @AfterEach
  void stopApiServer() {
    client.close();
    server.destroy();
  }

  private static DnsProviderSpec.ExternalDns spec(String namespace, Map<String, String> labels) {
    DnsProviderSpec.ExternalDns s = new DnsProviderSpec.ExternalDns();
    s.namespace = namespace;
    s.labels = labels;
    return s;
  }

  /** A DNSEndpoint object is written whatever it holds; ExternalDNS refuses later, if at all. */
  @Override
  protected ChangeSet refusedChange(RecordSet existing) {
    return null;
  }

  @Override
  protected DnsProviderAdapter adapter() {
    return adapter;
  }

  @Override
  protected String zone() {
    return ZONE;
  }

  private GenericKubernetesResource object(String namespace, String name) {
    return client
        .genericKubernetesResources(ExternalDnsAdapter.CONTEXT)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  @Test
  void allSetsOfADomainGoIntoOneLabelledDnsEndpointNamedAfterIt() throws Exception {
    RecordSet spf = new RecordSet(ZONE, RecordType.TXT, 300, List.of("v=spf1 -all"));
    RecordSet dkim =
        new RecordSet("s1._domainkey." + ZONE, RecordType.TXT, 300, List.of(LONG_DKIM));
    RecordSet mx =
        new RecordSet("bounce." + ZONE, RecordType.MX, 300, List.of("10 mx.example.net"));
    adapter.apply(create(spf, dkim, mx));

    GenericKubernetesResource o = object(NS, "senderdomain-contract.test");
    assertThat(o).isNotNull();
    assertThat(o.getApiVersion()).isEqualTo("externaldns.k8s.io/v1alpha1");
    assertThat(o.getKind()).isEqualTo("DNSEndpoint");
    assertThat(o.getMetadata().getLabels())
        .containsEntry("dns", "public")
        .containsEntry("app.kubernetes.io/managed-by", "senderdomain-operator");
    List<Map<String, Object>> endpoints = ExternalDnsAdapter.endpoints(o);
    assertThat(endpoints)
        .extracting(e -> e.get("dnsName"))
        .containsExactly("bounce." + ZONE, ZONE, "s1._domainkey." + ZONE);
    assertThat(endpoints.get(0))
        .containsEntry("recordType", "MX")
        .containsEntry("targets", List.of("10 mx.example.net"))
        .containsEntry("recordTTL", 300);
    // ExternalDNS takes TXT targets as the whole string; the adapter never pre-splits or quotes
    // them.
    assertThat(endpoints.get(2).get("targets")).isEqualTo(List.of(LONG_DKIM));
    // What the DNSEndpoint CRD (config/crd/standard/dnsendpoints.externaldns.k8s.io.yaml) would
    // validate.
    assertThat(endpoints)
        .allSatisfy(
            e -> {
              assertThat((String) e.get("dnsName"))
                  .matches(
                      "^(\\*\\.)?([a-zA-Z0-9_]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9_])?\\.)*"
                          + "[a-zA-Z0-9_]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9_])?\\.?$");
              assertThat(e.get("recordType")).isIn("A", "AAAA", "CNAME", "MX", "TXT");
              assertThat((List<?>) e.get("targets"))
                  .isNotEmpty()
                  .allSatisfy(t -> assertThat((String) t).hasSizeBetween(1, 4096));
            });
  }

  @Test
  void endpointsOthersPutIntoTheObjectAreKept() throws Exception {
    RecordSet mine =
        new RecordSet("_dmarc." + ZONE, RecordType.TXT, 300, List.of("v=DMARC1; p=none"));
    adapter.apply(create(mine));
    GenericKubernetesResource o = object(NS, "senderdomain-contract.test");
    @SuppressWarnings("unchecked")
    List<Object> eps =
        (List<Object>)
            ((Map<String, Object>) o.getAdditionalProperties().get("spec")).get("endpoints");
    eps.add(
        Map.of(
            "dnsName",
            "www." + ZONE,
            "recordType",
            "A",
            "targets",
            List.of("192.0.2.7"),
            "recordTTL",
            60));
    client
        .genericKubernetesResources(ExternalDnsAdapter.CONTEXT)
        .inNamespace(NS)
        .resource(o)
        .update();

    RecordSet after =
        new RecordSet(mine.name(), RecordType.TXT, 300, List.of("v=DMARC1; p=quarantine"));
    adapter.apply(new ChangeSet(List.of(), List.of(new ChangeSet.Update(mine, after)), List.of()));

    assertThat(ExternalDnsAdapter.endpoints(object(NS, "senderdomain-contract.test")))
        .extracting(e -> e.get("dnsName"))
        .containsExactly("_dmarc." + ZONE, "www." + ZONE);
    assertThat(adapter.read(List.of(after.key()))).containsExactly(after);
  }

  @Test
  void deletingTheLastSetDeletesTheObject() throws Exception {
    RecordSet only =
        new RecordSet("_dmarc." + ZONE, RecordType.TXT, 300, List.of("v=DMARC1; p=none"));
    adapter.apply(create(only));
    adapter.apply(new ChangeSet(List.of(), List.of(), List.of(only)));
    assertThat(object(NS, "senderdomain-contract.test")).isNull();
    assertThat(adapter.read(List.of(only.key()))).isEmpty();
  }

  @Test
  void eachDomainHasItsOwnObjectAndTheConfiguredNamespaceWins() throws Exception {
    DnsProviderAdapter other =
        ExternalDnsAdapter.create(spec("dns-system", null), client, NS, "other.test");
    other.apply(
        create(
            new RecordSet("_dmarc.other.test", RecordType.TXT, 300, List.of("v=DMARC1; p=none"))));
    adapter.apply(
        create(
            new RecordSet("_dmarc." + ZONE, RecordType.TXT, 300, List.of("v=DMARC1; p=reject"))));
    assertThat(object("dns-system", "senderdomain-other.test")).isNotNull();
    assertThat(object(NS, "senderdomain-other.test")).isNull();
    assertThat(ExternalDnsAdapter.endpoints(object(NS, "senderdomain-contract.test"))).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"example.com", "Example.COM.", "xn--bcher-kva.example", "a.very-long-label."})
  void objectNamesAreValidKubernetesNames(String domain) {
    String name = DnsEndpoints.objectName(domain + "x".repeat(domain.length() > 12 ? 250 : 0));
    assertThat(name)
        .hasSizeLessThanOrEqualTo(253)
        .matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
        .startsWith("senderdomain-");
  }

  @Test
  void overLongNamesStayDistinct() {
    String base = "a".repeat(240);
    assertThat(DnsEndpoints.objectName(base + ".one.example"))
        .isNotEqualTo(DnsEndpoints.objectName(base + ".two.example"));
  }

  @Test
  void aForbiddenServiceAccountIsPermanentUnauthorized() throws Exception {
    KubernetesMockServer strict = new KubernetesMockServer(false);
    strict.init(InetAddress.getLoopbackAddress(), 0);
    try (KubernetesClient c = strict.createClient()) {
      strict
          .expect()
          .get()
          .withPath(
              "/apis/externaldns.k8s.io/v1alpha1/namespaces/mail/dnsendpoints/"
                  + "senderdomain-contract.test")
          .andReturn(
              403,
              new StatusBuilder()
                  .withCode(403)
                  .withMessage(
                      "dnsendpoints.externaldns.k8s.io is forbidden: User \"system:serviceaccount:mail:op\"")
                  .build())
          .always();
      DnsProviderException e =
          catchThrowableOfType(
              DnsProviderException.class,
              () ->
                  ExternalDnsAdapter.create(spec(null, null), c, NS, ZONE)
                      .read(List.of(new RecordSet(ZONE, RecordType.TXT, 1, List.of("x")).key())));
      assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
      assertThat(e.permanent()).isTrue();
      assertThat(e.getMessage()).contains("forbidden");
    } finally {
      strict.destroy();
    }
  }

  @Test
  void aMissingCrdIsPermanentAndSaysSo() throws Exception {
    KubernetesMockServer strict = new KubernetesMockServer(false);
    strict.init(InetAddress.getLoopbackAddress(), 0);
    try (KubernetesClient c = strict.createClient()) {
      strict
          .expect()
          .post()
          .withPath("/apis/externaldns.k8s.io/v1alpha1/namespaces/mail/dnsendpoints")
          .andReturn(
              404,
              new StatusBuilder()
                  .withCode(404)
                  .withMessage("the server could not find the requested " + "resource")
                  .build())
          .always();
      DnsProviderException e =
          catchThrowableOfType(
              DnsProviderException.class,
              () ->
                  ExternalDnsAdapter.create(spec(null, null), c, NS, ZONE)
                      .apply(
                          create(
                              new RecordSet(ZONE, RecordType.TXT, 300, List.of("v=spf1 -all")))));
      assertThat(e.permanent()).isTrue();
      assertThat(e.getMessage()).contains("CRD");
    } finally {
      strict.destroy();
    }
  }

  @Test
  void anUnreachableApiServerIsTransientUnreachable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + closed)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(1000)
            .build();
    try (KubernetesClient down = new KubernetesClientBuilder().withConfig(config).build()) {
      DnsProviderException e =
          catchThrowableOfType(
              DnsProviderException.class,
              () ->
                  ExternalDnsAdapter.create(spec(null, null), down, NS, ZONE)
                      .read(List.of(new RecordSet(ZONE, RecordType.TXT, 1, List.of("x")).key())));
      assertThat(e.reason()).isEqualTo(ProviderFailure.Unreachable);
      assertThat(e.permanent()).isFalse();
    }
  }

  @Test
  void aConcurrentChangeIsReadAgainAndRetriedInsteadOfOverwritten() throws Exception {
    KubernetesMockServer strict = new KubernetesMockServer(false);
    strict.init(InetAddress.getLoopbackAddress(), 0);
    String path =
        "/apis/externaldns.k8s.io/v1alpha1/namespaces/mail/dnsendpoints/senderdomain-contract.test";
    GenericKubernetesResource existing =
        new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
            .withApiVersion("externaldns.k8s.io/v1alpha1")
            .withKind("DNSEndpoint")
            .withNewMetadata()
            .withName("senderdomain-contract.test")
            .withNamespace(NS)
            .withResourceVersion("7")
            .endMetadata()
            .build();
    existing.setAdditionalProperty(
        "spec",
        Map.of(
            "endpoints",
            List.of(
                Map.of(
                    "dnsName",
                    "www." + ZONE,
                    "recordType",
                    "A",
                    "targets",
                    List.of("192.0.2.7"),
                    "recordTTL",
                    60))));
    try (KubernetesClient c = strict.createClient()) {
      strict.expect().get().withPath(path).andReturn(200, existing).always();
      strict
          .expect()
          .put()
          .withPath(path)
          .andReturn(
              409,
              new StatusBuilder()
                  .withCode(409)
                  .withReason("Conflict")
                  .withMessage("the object has been modified")
                  .build())
          .once();
      strict.expect().put().withPath(path).andReturn(200, existing).once();
      ExternalDnsAdapter.create(spec(null, null), c, NS, ZONE)
          .apply(create(new RecordSet(ZONE, RecordType.TXT, 300, List.of("v=spf1 -all"))));
      List<String> puts = new java.util.ArrayList<>();
      int n = strict.getRequestCount();
      for (int i = 0; i < n; i++) {
        var r = strict.takeRequest();
        if (r.getMethod().equals("PUT")) {
          puts.add(r.getBody().readUtf8());
        }
      }
      assertThat(puts)
          .hasSize(2)
          .allSatisfy(
              b ->
                  assertThat(b)
                      .contains("www." + ZONE)
                      .contains("v=spf1 -all")
                      .contains("\"resourceVersion\":\"7\""));
    } finally {
      strict.destroy();
    }
  }

  @Test
  void theRegistryFactoryWritesIntoTheSenderDomainsNamespaceWithoutAnySecret() throws Exception {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.externaldns = spec(null, null);
    DnsProviderAdapter fromFactory =
        ExternalDnsAdapter.factory(client, NS, ZONE)
            .create(
                spec,
                "operator-ns",
                (ns, ref) -> {
                  throw new AssertionError("externaldns must not read Secrets");
                });
    fromFactory.apply(
        create(new RecordSet("_dmarc." + ZONE, RecordType.TXT, 300, List.of("v=DMARC1; p=none"))));
    assertThat(object(NS, "senderdomain-contract.test")).isNotNull();
  }
}
