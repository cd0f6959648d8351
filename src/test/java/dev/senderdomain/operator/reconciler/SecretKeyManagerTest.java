package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.reconciler.KeyManager.KeyOutcome;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.testsupport.MockApi;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key seam's API requests: a new domain's key Secret is created without a read, a lost status
 * still finds the stored keys (the create is refused and the Secret read), and the first key is
 * activated from the Secret as created, with its resourceVersion guarding against a change made
 * meanwhile.
 */
class SecretKeyManagerTest {
  static final Instant NOW = Instant.parse("2027-01-10T00:00:00Z");

  MockApi api;
  SecretKeyManager keys;
  SenderDomainConfig config;
  int seen;

  @BeforeEach
  void start() throws Exception {
    api = new MockApi().namespace("mail");
    keys = new SecretKeyManager(api.client(), DkimKeyGenerator.production());
    config = SenderDomainValidator.validate(newDomain());
    requests();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aNewDomainsKeySecretIsCreatedWithoutReadingItFirst() throws Exception {
    KeyOutcome outcome = keys.reconcile(newDomain(), config, Set.of(), NOW);

    assertThat(requests()).containsExactly("POST /api/v1/namespaces/mail/secrets");
    assertThat(outcome.generatedSelectors()).isNotEmpty();
    assertThat(secret().getMetadata().getAnnotations()).isNotEmpty();
  }

  @Test
  void aLostStatusFindsTheStoredKeysThroughTheRefusedCreateAndKeepsThem() throws Exception {
    KeyOutcome first = keys.reconcile(newDomain(), config, Set.of(), NOW);
    String version = secret().getMetadata().getResourceVersion();
    requests();

    KeyOutcome again = keys.reconcile(newDomain(), config, Set.of(), NOW);

    assertThat(requests())
        .as("the create refused (409), then the Secret read; nothing written")
        .containsExactly(
            "POST /api/v1/namespaces/mail/secrets",
            "GET /api/v1/namespaces/mail/secrets/shop-dkim");
    assertThat(again.records()).isEqualTo(first.records());
    assertThat(again.generatedSelectors()).as("the key made for the refused create").isEmpty();
    assertThat(secret().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void aDomainWhoseStatusNamesItsSecretReadsItAsBefore() throws Exception {
    KeyOutcome first = keys.reconcile(newDomain(), config, Set.of(), NOW);
    requests();

    keys.reconcile(withStatus(first), config, Set.of(), NOW);

    assertThat(requests()).containsExactly("GET /api/v1/namespaces/mail/secrets/shop-dkim");
  }

  @Test
  void theFirstKeyIsActivatedFromTheSecretAsCreatedWithoutReadingItAgain() throws Exception {
    KeyOutcome created = keys.reconcile(newDomain(), config, Set.of(), NOW);
    assertThat(created.hasActiveKey()).isFalse();
    requests();

    KeyOutcome activated =
        keys.reconcileAgain(newDomain(), config, created, selectors(created), NOW);

    assertThat(requests()).containsExactly("PUT /api/v1/namespaces/mail/secrets/shop-dkim");
    assertThat(activated.activeSelectors()).containsExactlyInAnyOrderElementsOf(selectors(created));
    assertThat(activated.stored().toString())
        .as("names the Secret and its version, no key material")
        .startsWith("key Secret shop-dkim at resourceVersion ")
        .doesNotContain("PRIVATE");

    // The ring was not decoded again for the activation: reading the Secret back must give the
    // same keys and status, with nothing left to write.
    KeyOutcome reread =
        keys.reconcile(withStatus(activated), config, selectors(created), NOW.plusSeconds(1));
    assertThat(requests()).containsExactly("GET /api/v1/namespaces/mail/secrets/shop-dkim");
    assertThat(reread.records()).isEqualTo(activated.records());
    assertThat(reread.activeSelectors()).isEqualTo(activated.activeSelectors());
    assertThat(Serialization.asJson(reread.status()))
        .isEqualTo(Serialization.asJson(activated.status()));
  }

  @Test
  void aSecretChangedBetweenCreateAndActivationMakesTheActivationFail() throws Exception {
    KeyOutcome created = keys.reconcile(newDomain(), config, Set.of(), NOW);
    api.client()
        .secrets()
        .inNamespace("mail")
        .withName("shop-dkim")
        .edit(
            s -> {
              s.getMetadata().getLabels().put("edited", "meanwhile");
              return s;
            });

    assertThatThrownBy(
            () -> keys.reconcileAgain(newDomain(), config, created, selectors(created), NOW))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
    assertThat(secret().getMetadata().getLabels()).containsEntry("edited", "meanwhile");
  }

  private static SenderDomain newDomain() {
    return ExampleSpecs.resource(ExampleSpecs.shop());
  }

  private static SenderDomain withStatus(KeyOutcome keys) {
    SenderDomain sd = newDomain();
    sd.setStatus(new SenderDomainStatus());
    sd.getStatus().dkim = keys.status();
    return sd;
  }

  private static Set<String> selectors(KeyOutcome outcome) {
    return outcome.records().stream().map(DkimPublicRecord::selector).collect(Collectors.toSet());
  }

  private Secret secret() {
    return api.client().secrets().inNamespace("mail").withName("shop-dkim").get();
  }

  /** Requests since the last call (method and path), the test's own reads included. */
  private List<String> requests() throws InterruptedException {
    List<String> out = new ArrayList<>();
    int count = api.server().getRequestCount();
    for (; seen < count; seen++) {
      RecordedRequest r = api.server().takeRequest();
      out.add(r.getMethod() + " " + r.getPath().replaceAll("\\?.*", ""));
    }
    return out;
  }
}
