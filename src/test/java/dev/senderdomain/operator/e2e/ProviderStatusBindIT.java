package dev.senderdomain.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderStatus;
import dev.senderdomain.operator.api.v1alpha1.SecretKeySelector;
import dev.senderdomain.operator.testsupport.OperatorBench;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The providers' own Ready condition, checked against a real BIND 9: the operator sends a
 * TSIG-signed SOA query for the provider's zone. A good key and a served zone read True; a wrong
 * secret is refused by BIND (Unauthorized), a zone BIND does not serve is ZoneNotFound, a missing
 * Secret is SecretNotFound; no message carries a secret. Fixing the spec, or rotating the Secret
 * and touching the provider, turns the condition True without waiting for the periodic check.
 */
class ProviderStatusBindIT {
  static final String OPERATOR_NS = "operators";
  static final Duration WAIT = Duration.ofSeconds(30);
  static OperatorBench bench;
  static String wrongSecret;

  @BeforeAll
  static void start() {
    bench = OperatorBench.start(Instant.now());
    bench.api.namespace(OPERATOR_NS);
    byte[] wrong = new byte[32];
    new SecureRandom().nextBytes(wrong);
    wrongSecret = Base64.getEncoder().encodeToString(wrong);
    secret(OperatorBench.NS, "wrong-tsig", wrongSecret);
    secret(OperatorBench.NS, "good-tsig", bench.bind.keySecretBase64());
    secret(OPERATOR_NS, "company-tsig", bench.bind.keySecretBase64());
    bench.client.resource(provider("good", "example.com", "good-tsig")).create();
    bench.client.resource(provider("wrong-key", "example.com", "wrong-tsig")).create();
    bench.client.resource(provider("missing-zone", "example.org", "good-tsig")).create();
    bench.client.resource(provider("missing-secret", "example.com", "no-such-secret")).create();
    DnsProvider manual = new DnsProvider();
    manual.getMetadata().setName("by-hand");
    manual.getMetadata().setNamespace(OperatorBench.NS);
    manual.setSpec(new DnsProviderSpec());
    manual.getSpec().manual = new DnsProviderSpec.Manual();
    bench.client.resource(manual).create();
    ClusterDnsProvider company = new ClusterDnsProvider();
    company.getMetadata().setName("company");
    ClusterDnsProviderSpec spec = new ClusterDnsProviderSpec();
    spec.rfc2136 = rfc2136("example.com", "company-tsig");
    company.setSpec(spec);
    bench.client.resource(company).create();
    bench.startOperator(Duration.ofMinutes(10), UnaryOperator.identity());
  }

  @AfterAll
  static void stop() {
    bench.close();
  }

  @Test
  void aGoodKeyForAServedZoneIsReadyWithTheObservedGeneration() {
    Condition ready = ready("good", c -> "True".equals(c.getStatus()));
    assertThat(ready.getReason()).isEqualTo("Checked");
    assertThat(ready.getMessage())
        .contains("TSIG key '" + bench.bind.keyName() + "'")
        .contains("zone example.com");
    DnsProvider p = namespaced("good");
    assertThat(p.getStatus().observedGeneration).isEqualTo(p.getMetadata().getGeneration());
    assertThat(ready.getObservedGeneration()).isEqualTo(p.getMetadata().getGeneration());
  }

  @Test
  void withoutAZoneTheKeyIsCheckedWithASignedQueryAndAWrongOneIsStillRefused() {
    Condition bench = ready(OperatorBench.PROVIDER, c -> "True".equals(c.getStatus()));
    assertThat(bench.getReason()).isEqualTo("Checked");
    assertThat(bench.getMessage()).contains("no zone is named");
    Condition wrong =
        ready(
            "wrong-key-no-zone",
            c -> "False".equals(c.getStatus()),
            () -> provider("wrong-key-no-zone", null, "wrong-tsig"));
    assertThat(wrong.getReason()).isEqualTo("Unauthorized");
    assertNoSecretIn(wrong.getMessage());
  }

  @Test
  void aClusterDnsProviderReadsItsSecretFromTheOperatorsNamespace() {
    DnsProviderStatus status =
        OperatorBench.awaitValue(
            WAIT,
            () -> {
              ClusterDnsProvider p =
                  bench.client.resources(ClusterDnsProvider.class).withName("company").get();
              return readyOf(p) != null && "True".equals(readyOf(p).getStatus())
                  ? p.getStatus()
                  : null;
            });
    assertThat(status.conditions.get(0).getReason()).isEqualTo("Checked");
  }

  /**
   * {@code senderdomain_provider_ready} follows each provider's Ready condition, and a deleted
   * provider's series goes at the next check of another (the alert would otherwise fire forever).
   */
  @Test
  void providerReadinessIsAMetricAndADeletedProvidersSeriesGoes() {
    assertThat(OperatorBench.awaitValue(WAIT, () -> readyGauge("DnsProvider", "good")))
        .isEqualTo(1);
    assertThat(OperatorBench.awaitValue(WAIT, () -> readyGauge("DnsProvider", "wrong-key")))
        .isEqualTo(0);
    assertThat(OperatorBench.awaitValue(WAIT, () -> readyGauge("ClusterDnsProvider", "company")))
        .isEqualTo(1);

    bench.client.resource(provider("doomed", "example.com", "wrong-tsig")).create();
    assertThat(OperatorBench.awaitValue(WAIT, () -> readyGauge("DnsProvider", "doomed")))
        .isEqualTo(0);
    bench.client.resource(namespaced("doomed")).delete();
    OperatorBench.awaitValue(
        WAIT,
        () -> {
          // An annotation edit asks for a check of "good" at once (ProviderStatus).
          bench
              .client
              .resources(DnsProvider.class)
              .inNamespace(OperatorBench.NS)
              .withName("good")
              .edit(
                  p -> {
                    p.getMetadata()
                        .setAnnotations(
                            Map.of("example.com/recheck", Long.toString(System.nanoTime())));
                    return p;
                  });
          return readyGauge("DnsProvider", "doomed") == null ? Boolean.TRUE : null;
        });
    assertThat(readyGauge("DnsProvider", "good")).isEqualTo(1);
  }

  private static Integer readyGauge(String kind, String name) {
    var gauge =
        bench.registry.find("senderdomain.provider.ready").tags("kind", kind, "name", name).gauge();
    return gauge == null ? null : (int) gauge.value();
  }

  @Test
  void aWrongSecretIsUnauthorizedAndTheMessageCarriesNoSecret() {
    Condition ready = ready("wrong-key", c -> "False".equals(c.getStatus()));
    assertThat(ready.getReason()).isEqualTo("Unauthorized");
    assertThat(ready.getMessage()).contains("BADSIG").contains(bench.bind.keyName());
    assertNoSecretIn(ready.getMessage());
  }

  @Test
  void aZoneTheServerDoesNotServeIsZoneNotFound() {
    Condition ready = ready("missing-zone", c -> "False".equals(c.getStatus()));
    assertThat(ready.getReason()).isEqualTo("ZoneNotFound");
    assertThat(ready.getMessage()).contains("example.org").contains("not authoritative");
    assertNoSecretIn(ready.getMessage());
  }

  @Test
  void aMissingSecretIsSecretNotFound() {
    Condition ready = ready("missing-secret", c -> "False".equals(c.getStatus()));
    assertThat(ready.getReason()).isEqualTo("SecretNotFound");
    assertThat(ready.getMessage()).contains(OperatorBench.NS + "/no-such-secret");
  }

  @Test
  void aManualProviderIsReadyWithNothingToCheck() {
    Condition ready = ready("by-hand", c -> "True".equals(c.getStatus()));
    assertThat(ready.getReason()).isEqualTo("Checked");
    assertThat(ready.getMessage()).startsWith("nothing to check");
  }

  @Test
  void aFixedSpecIsCheckedAgainAtOnce() {
    ready("fixable-zone", c -> true, () -> provider("fixable-zone", "example.org", "good-tsig"));
    assertThat(namespaced("fixable-zone").getStatus().conditions.get(0).getStatus())
        .isEqualTo("False");
    bench
        .client
        .resources(DnsProvider.class)
        .inNamespace(OperatorBench.NS)
        .withName("fixable-zone")
        .edit(
            p -> {
              p.getSpec().rfc2136.zone = "example.com";
              return p;
            });
    Condition ready = ready("fixable-zone", c -> "True".equals(c.getStatus()));
    DnsProvider p = namespaced("fixable-zone");
    assertThat(ready.getObservedGeneration()).isEqualTo(p.getMetadata().getGeneration());
    assertThat(p.getStatus().observedGeneration).isEqualTo(p.getMetadata().getGeneration());
  }

  @Test
  void aRotatedSecretIsCheckedAgainWhenTheProviderIsAnnotated() {
    secret(OperatorBench.NS, "rotating-tsig", wrongSecret);
    ready(
        "rotating",
        c -> "False".equals(c.getStatus()),
        () -> provider("rotating", "example.com", "rotating-tsig"));
    bench
        .client
        .secrets()
        .inNamespace(OperatorBench.NS)
        .withName("rotating-tsig")
        .edit(
            s -> {
              s.setData(Map.of("secret", encoded(bench.bind.keySecretBase64())));
              return s;
            });
    bench
        .client
        .resources(DnsProvider.class)
        .inNamespace(OperatorBench.NS)
        .withName("rotating")
        .edit(
            p -> {
              p.getMetadata().setAnnotations(Map.of("example.com/rotated", "now"));
              return p;
            });
    assertThat(ready("rotating", c -> "True".equals(c.getStatus())).getReason())
        .isEqualTo("Checked");
  }

  private static void assertNoSecretIn(String message) {
    assertThat(message).doesNotContain(wrongSecret).doesNotContain(bench.bind.keySecretBase64());
  }

  private static Condition ready(String name, java.util.function.Predicate<Condition> until) {
    return ready(name, until, null);
  }

  private static Condition ready(
      String name,
      java.util.function.Predicate<Condition> until,
      java.util.function.Supplier<DnsProvider> create) {
    if (create != null) {
      bench.client.resource(create.get()).create();
    }
    return OperatorBench.awaitValue(
        WAIT,
        () -> {
          Condition c = readyOf(namespaced(name));
          return c != null && until.test(c) ? c : null;
        });
  }

  private static DnsProvider namespaced(String name) {
    return bench
        .client
        .resources(DnsProvider.class)
        .inNamespace(OperatorBench.NS)
        .withName(name)
        .get();
  }

  private static Condition readyOf(CustomResource<? extends DnsProviderSpec, DnsProviderStatus> p) {
    if (p == null || p.getStatus() == null || p.getStatus().conditions == null) {
      return null;
    }
    return p.getStatus().conditions.stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElse(null);
  }

  private static DnsProvider provider(String name, String zone, String secretName) {
    DnsProvider p = new DnsProvider();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(OperatorBench.NS);
    p.setSpec(new DnsProviderSpec());
    p.getSpec().rfc2136 = rfc2136(zone, secretName);
    return p;
  }

  private static DnsProviderSpec.Rfc2136 rfc2136(String zone, String secretName) {
    DnsProviderSpec.Rfc2136 r = new DnsProviderSpec.Rfc2136();
    r.server = bench.bind.host();
    r.port = bench.bind.port();
    r.zone = zone;
    r.tsig = new DnsProviderSpec.Tsig();
    r.tsig.keyName = bench.bind.keyName();
    r.tsig.algorithm = bench.bind.keyAlgorithm();
    r.tsig.secretRef = new SecretKeySelector(secretName, "secret");
    return r;
  }

  private static HasMetadata secret(String namespace, String name, String base64Key) {
    return bench
        .client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withData(Map.of("secret", encoded(base64Key)))
                .build())
        .create();
  }

  private static String encoded(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.US_ASCII));
  }
}
