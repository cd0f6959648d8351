package dev.senderdomain.operator.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.BounceSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.records.SenderDomainConfig;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenderDomainValidatorTest {
  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal(
            "a domain with spaces", s -> s.domain = "shop example.com", "spec.domain", "spaces"),
        refusal(
            "an empty label", s -> s.domain = "shop..example.com", "spec.domain", "empty label"),
        refusal("a leading dot", s -> s.domain = ".example.com", "spec.domain", "empty label"),
        refusal(
            "a label over 63 octets",
            s -> s.domain = "a".repeat(64) + ".example.com",
            "spec.domain",
            "63"),
        refusal("a single label", s -> s.domain = "localhost", "spec.domain", "two labels"),
        refusal(
            "targetDate before start",
            s -> s.dmarc.rollout.targetDate = "2026-12-01",
            "spec.dmarc.rollout.targetDate",
            "after start"),
        refusal(
            "an unknown policy",
            s -> s.dmarc.rollout.targetPolicy = "block",
            "spec.dmarc.rollout.targetPolicy",
            "none, quarantine, reject"),
        refusal(
            "a rua with an injected tag",
            s -> s.dmarc.rua = List.of("mailto:a@b.com; p=none"),
            "spec.dmarc.rua[0]",
            "plain mailto"),
        refusal(
            "a rua that is not mailto",
            s -> s.dmarc.rua = List.of("https://example.com/rua"),
            "spec.dmarc.rua[0]",
            "plain mailto"),
        refusal(
            "an SPF include with spaces",
            s -> s.spf.include = List.of("evil.example +all"),
            "spec.spf.include[0]",
            "spaces"),
        refusal(
            "an invalid IPv4 CIDR",
            s -> s.spf.ip4 = List.of("203.0.113.0/33"),
            "spec.spf.ip4[0]",
            "0..32"),
        refusal(
            "an IPv4 octet over 255",
            s -> s.spf.ip4 = List.of("256.1.1.1"),
            "spec.spf.ip4[0]",
            "IPv4"),
        refusal(
            "an IPv6 given as ip4",
            s -> s.spf.ip4 = List.of("2001:db8::1"),
            "spec.spf.ip4[0]",
            "IPv4"),
        refusal(
            "an invalid IPv6",
            s -> s.spf.ip6 = List.of("2001:db8:::1/64"),
            "spec.spf.ip6[0]",
            "IPv6"),
        refusal(
            "an IPv6 prefix over 128",
            s -> s.spf.ip6 = List.of("2001:db8::/129"),
            "spec.spf.ip6[0]",
            "0..128"),
        refusal(
            "a tracking name with a newline",
            s -> s.tracking.name = "clicks\nevil",
            "spec.tracking.name",
            "invalid label"),
        refusal(
            "an empty tracking target",
            s -> s.tracking.target = "",
            "spec.tracking.target",
            "empty"),
        refusal(
            "an unknown SPF all",
            s -> s.spf.all = "pass",
            "spec.spf.all",
            "fail, softfail or neutral"),
        refusal(
            "an unknown DKIM algorithm",
            s -> {
              s.dkim = new dev.senderdomain.operator.api.v1alpha1.DkimSpec();
              s.dkim.algorithms = List.of("dsa");
            },
            "spec.dkim.algorithms[0]",
            "rsa-2048"),
        refusal("a ttl below 30", s -> s.ttl = 5, "spec.ttl", "between 30"),
        refusal(
            "a missing provider", s -> s.providerRef = null, "spec.providerRef.name", "required"),
        refusal(
            "a date that is not a date",
            s -> s.dmarc.rollout.start = "next monday",
            "spec.dmarc.rollout.start",
            "YYYY-MM-DD"),
        refusal(
            "an MX host with spaces",
            s -> s.bounce.mx = List.of(new BounceSpec.Mx(10, "mx 1.example.net")),
            "spec.bounce.mx[0].host",
            "spaces"));
  }

  static Arguments refusal(
      String what, Consumer<SenderDomainSpec> edit, String field, String says) {
    return Arguments.of(what, edit, field, says);
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("refusals")
  void refusesBadInputNamingTheField(
      String what, Consumer<SenderDomainSpec> edit, String field, String says) {
    SenderDomainSpec spec = ExampleSpecs.shop();
    edit.accept(spec);
    assertThatThrownBy(() -> SenderDomainValidator.validate(spec))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.errors())
                    .anySatisfy(
                        fe -> {
                          assertThat(fe.field()).isEqualTo(field);
                          assertThat(fe.message()).contains(says);
                        }));
  }

  @Test
  void listsEveryProblemAtOnce() {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.domain = "bad domain";
    spec.spf.ip4 = List.of("x");
    spec.dmarc.rua = List.of("nope");
    assertThatThrownBy(() -> SenderDomainValidator.validate(spec))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactlyInAnyOrder(
                        "spec.domain", "spec.spf.ip4[0]", "spec.dmarc.rua[0]"));
  }

  @Test
  void acceptsTheExampleAndAppliesDefaults() throws Exception {
    SenderDomainConfig c = SenderDomainValidator.validate(ExampleSpecs.shop());
    assertThat(c.domain()).isEqualTo("shop.example.com");
    assertThat(c.ttl()).isEqualTo(3600);
    assertThat(c.dkimAlgorithms()).containsExactly("rsa-2048");
    assertThat(c.spf().all()).isEqualTo('-');
    assertThat(c.bounce().name()).isEqualTo("bounce.shop.example.com");
    assertThat(c.bounce().spf()).isEqualTo(c.spf());
    assertThat(c.tracking().name()).isEqualTo("clicks.shop.example.com");
    assertThat(c.rollout().start()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(c.rollout().targetDate()).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
    assertThat(c.rollout().targetPolicy()).isEqualTo(DmarcPolicy.REJECT);
  }

  @Test
  void publishesAnInternationalizedDomainAsPunycode() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.domain = "bücher.example";
    assertThat(SenderDomainValidator.validate(spec).domain()).isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void acceptsUpperCaseAndATrailingDot() throws Exception {
    SenderDomainSpec spec = ExampleSpecs.shop();
    spec.domain = "Shop.Example.COM.";
    assertThat(SenderDomainValidator.validate(spec).domain()).isEqualTo("shop.example.com");
  }
}
