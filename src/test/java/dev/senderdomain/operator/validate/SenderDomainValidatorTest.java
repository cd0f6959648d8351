package dev.senderdomain.operator.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.testsupport.InvalidSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SenderDomainValidatorTest {
  static List<InvalidSpecs.Case> refusals() {
    return InvalidSpecs.all();
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("refusals")
  void refusesBadInputNamingTheField(InvalidSpecs.Case c) {
    SenderDomain sd = c.resource("shop");
    assertThatThrownBy(() -> SenderDomainValidator.validate(sd))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.errors())
                    .anySatisfy(
                        fe -> {
                          assertThat(fe.field()).isEqualTo(c.field());
                          assertThat(fe.message()).contains(c.says());
                        }));
  }

  @Test
  void listsEveryProblemAtOnce() {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.domain = "bad domain";
    spec.spf.ip4 = List.of("x");
    spec.dmarc.rua = List.of("nope");
    spec.dkim = new DkimSpec();
    spec.dkim.rotation = new DkimSpec.RotationSpec();
    spec.dkim.rotation.retireAfter = "-7d";
    spec.dmarc.rollout.gate = new DmarcSpec.Gate();
    spec.dmarc.rollout.gate.minPassRate = 150.0;
    assertThatThrownBy(() -> SenderDomainValidator.validate(ExampleSpecs.resource(spec)))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder(
                        "spec.domain",
                        "spec.spf.ip4[0]",
                        "spec.dmarc.rua[0]",
                        "spec.dkim.rotation.retireAfter",
                        "spec.dmarc.rollout.gate.minPassRate"));
  }

  @Test
  void aResourceWithoutSpecIsRefused() {
    SenderDomain sd = ExampleSpecs.resource(null);
    assertThatThrownBy(() -> SenderDomainValidator.validate(sd))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec: is required");
  }

  @Test
  void acceptsTheExampleAndAppliesDefaults() throws Exception {
    SenderDomainConfig c =
        SenderDomainValidator.validate(ExampleSpecs.resource(ExampleSpecs.shop()));
    assertThat(c.domain()).isEqualTo("shop.example.com");
    assertThat(c.ttl()).isEqualTo(3600);
    assertThat(c.provider()).contains(new ProviderReference("bind-primary", false));
    assertThat(c.removeRecordsOnDelete()).as("deletionPolicy Delete by default").isTrue();
    assertThat(c.keys().algorithms()).containsExactly(DkimAlgorithm.RSA_2048);
    assertThat(c.keys().every()).isEmpty();
    assertThat(c.keys().propagationDelay()).isEqualTo(Duration.ofHours(2));
    assertThat(c.keys().retireAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(c.records().spf().all()).isEqualTo('-');
    assertThat(c.records().bounce().name()).isEqualTo("bounce.shop.example.com");
    assertThat(c.records().bounce().spf()).isEqualTo(c.records().spf());
    assertThat(c.records().tracking().name()).isEqualTo("clicks.shop.example.com");
    assertThat(c.rollout().start()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(c.rollout().targetDate()).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
    assertThat(c.rollout().targetPolicy()).isEqualTo(DmarcPolicy.REJECT);
    assertThat(c.gate()).isEmpty();
    assertThat(c.rotationRequest()).isEqualTo(RotationRequest.NONE);
    assertThat(c.declaredSenders()).containsExactly("203.0.113.0/24", "2001:db8::/64");
    assertThat(c.reportUris()).containsExactly("mailto:dmarc@shop.example.com");
  }

  @Test
  void withoutProviderRefTheRecordsArePublishedByHand() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.providerRef = null;
    assertThat(SenderDomainValidator.validate(ExampleSpecs.resource(spec)).provider()).isEmpty();
  }

  @Test
  void deletionPolicyRetainKeepsTheRecords() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.deletionPolicy = "Retain";
    assertThat(SenderDomainValidator.validate(ExampleSpecs.resource(spec)).removeRecordsOnDelete())
        .isFalse();
  }

  @Test
  void anEmptyRotationGetsTheDefaultTiming() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.ttl = 6 * 3600;
    spec.dkim = new DkimSpec();
    spec.dkim.algorithms = List.of("rsa-2048", "ed25519");
    spec.dkim.rotation = new DkimSpec.RotationSpec();
    SenderDomainConfig c = SenderDomainValidator.validate(ExampleSpecs.resource(spec));
    assertThat(c.keys().every()).contains(Duration.ofDays(180));
    assertThat(c.keys().propagationDelay()).isEqualTo(Duration.ofHours(12));
    assertThat(c.keys().retireAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(c.keys().algorithmFor("ed25519")).contains(DkimAlgorithm.ED25519);
  }

  @Test
  void theKeySecretIsNamedAfterTheResourceUnlessSecretNameSaysOtherwise() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    SenderDomainConfig defaults = SenderDomainValidator.validate(ExampleSpecs.resource(spec));
    assertThat(defaults.keySecret().name()).isEqualTo("shop-dkim");
    assertThat(defaults.keySecret().adoptFrom()).isEmpty();
    assertThat(defaults.keySecret().deleteWithDomain()).isFalse();
    spec.dkim = new DkimSpec();
    spec.dkim.secretName = "mail-keys";
    spec.dkim.existingSecretName = "my-old-keys";
    spec.dkim.deletionPolicy = "Delete";
    spec.dkim.secretTemplate = new DkimSpec.SecretTemplate();
    spec.dkim.secretTemplate.labels = Map.of("b", "2", "a", "1");
    SenderDomainConfig set = SenderDomainValidator.validate(ExampleSpecs.resource(spec));
    // existingSecretName is where keys are adopted from, never where they are kept.
    assertThat(set.keySecret().name()).isEqualTo("mail-keys");
    assertThat(set.keySecret().adoptFrom()).contains("my-old-keys");
    assertThat(set.keySecret().deleteWithDomain()).isTrue();
    assertThat(set.keySecret().template().labels().keySet()).containsExactly("a", "b");
    spec.dkim.deletionPolicy = "Retain";
    assertThat(
            SenderDomainValidator.validate(ExampleSpecs.resource(spec))
                .keySecret()
                .deleteWithDomain())
        .isFalse();
  }

  @Test
  void theGateGetsDefaultsAndItsWindowIsParsed() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.dmarc.rollout.gate = new DmarcSpec.Gate();
    assertThat(SenderDomainValidator.validate(ExampleSpecs.resource(spec)).gate())
        .contains(new GateSpecValues(98, Duration.ofDays(7), 1000));
    spec.dmarc.rollout.gate.minPassRate = 99.5;
    spec.dmarc.rollout.gate.window = "36h";
    spec.dmarc.rollout.gate.minMessages = 0L;
    assertThat(SenderDomainValidator.validate(ExampleSpecs.resource(spec)).gate())
        .isEqualTo(Optional.of(new GateSpecValues(99.5, Duration.ofHours(36), 0)));
  }

  @Test
  void theRotationAnnotationIsReadOnce() throws Exception {
    SenderDomain sd = ExampleSpecs.resource(ExampleSpecs.shop());
    sd.getMetadata().setAnnotations(Map.of(RotationRequest.ANNOTATION, "emergency:leak"));
    assertThat(SenderDomainValidator.validate(sd).rotationRequest())
        .isEqualTo(new RotationRequest("emergency:leak", true));
  }

  @Test
  void publishesAnInternationalizedDomainAsPunycode() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.domain = "bücher.example";
    assertThat(SenderDomainValidator.validate(ExampleSpecs.resource(spec)).domain())
        .isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void acceptsUpperCaseAndATrailingDot() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.domain = "Shop.Example.COM.";
    assertThat(SenderDomainValidator.validate(ExampleSpecs.resource(spec)).domain())
        .isEqualTo("shop.example.com");
  }
}
