package dev.senderdomain.operator.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderScopeTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static <T> T read(String yaml, Class<T> type) {
    try {
      return YAML.readValue(yaml, type);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ProviderScope cluster(String specYaml) {
    return ProviderScope.of(
        "ClusterDnsProvider", "company-dns", read(specYaml, ClusterDnsProviderSpec.class));
  }

  static Stream<Arguments> decisions() {
    String names = "{rfc2136: {server: ns1}, allowedNamespaces: {names: [team-a]}}";
    String selector =
        "{rfc2136: {server: ns1}, allowedNamespaces: {selector: {matchLabels: {mail: 'yes'},"
            + " matchExpressions: [{key: tier, operator: NotIn, values: [sandbox]}]}}}";
    String domains =
        "{rfc2136: {server: ns1, zone: corp.example.com},"
            + " allowedDomains: [mail.example.com, '*.apps.example.com', example.com]}";
    String none = "{rfc2136: {server: ns1}}";
    Map<String, String> yes = Map.of("mail", "yes");
    return Stream.of(
        // spec, namespace, labels, domain, expected (null: allowed; explicit flag after '|')
        Arguments.of(none, "team-b", null, "payroll.example.com", "allowed|false"),
        Arguments.of(none, "team-b", null, "example.com", "refused|is a zone apex"),
        Arguments.of(none, "team-b", null, "shop.co.uk", "refused|is a zone apex"),
        Arguments.of(none, "team-b", null, "news.shop.co.uk", "allowed|false"),
        Arguments.of(names, "team-a", null, "a.example.com", "allowed|false"),
        Arguments.of(
            names,
            "team-b",
            null,
            "a.example.com",
            "refused|namespace team-b is not allowed by spec.allowedNamespaces of"
                + " ClusterDnsProvider company-dns (names: team-a)"),
        Arguments.of(selector, "team-b", yes, "a.example.com", "allowed|false"),
        Arguments.of(
            selector,
            "team-b",
            Map.of("mail", "yes", "tier", "sandbox"),
            "a.example.com",
            "refused|selector: mail=yes, tier NotIn [sandbox]"),
        Arguments.of(selector, "team-b", null, "a.example.com", "refused|team-b is not allowed"),
        Arguments.of(domains, "t", null, "mail.example.com", "allowed|true"),
        Arguments.of(domains, "t", null, "MAIL.example.com.", "allowed|true"),
        Arguments.of(domains, "t", null, "x.y.apps.example.com", "allowed|false"),
        Arguments.of(
            domains,
            "t",
            null,
            "apps.example.com",
            "refused|apps.example.com is not in spec.allowedDomains of ClusterDnsProvider"
                + " company-dns (mail.example.com, *.apps.example.com, example.com)"),
        Arguments.of(
            domains, "t", null, "payroll.example.com", "refused|not in spec.allowedDomains"),
        Arguments.of(domains, "t", null, "example.com", "allowed|true"));
  }

  @ParameterizedTest(name = "{0} for {1}: {3} -> {4}")
  @MethodSource("decisions")
  void aScopeAllowsOrRefusesNamingTheRule(
      String spec, String namespace, Map<String, String> labels, String domain, String expected) {
    ProviderScope.Decision d = cluster(spec).decide(namespace, labels, domain);
    String[] e = expected.split("\\|", 2);
    if (e[0].equals("allowed")) {
      assertThat(d).isInstanceOf(ProviderScope.Decision.Allowed.class);
      assertThat(((ProviderScope.Decision.Allowed) d).explicit())
          .isEqualTo(Boolean.parseBoolean(e[1]));
    } else {
      assertThat(d).isInstanceOf(ProviderScope.Decision.Refused.class);
      assertThat(((ProviderScope.Decision.Refused) d).message()).contains(e[1]);
    }
  }

  @ParameterizedTest(name = "a zone named in the spec ({0}) is an apex too")
  @MethodSource("zones")
  void theProvidersOwnZoneIsAnApex(String zone) {
    DnsProviderSpec spec =
        read("{rfc2136: {server: ns1, zone: " + zone + "}}", DnsProviderSpec.class);
    ProviderScope scope = ProviderScope.of("DnsProvider", "p", spec);
    assertThat(scope.decide("mail", null, "corp.example.com"))
        .isInstanceOf(ProviderScope.Decision.Refused.class);
    assertThat(scope.decide("mail", null, "mail.corp.example.com"))
        .isInstanceOf(ProviderScope.Decision.Allowed.class);
  }

  @org.junit.jupiter.api.Test
  void aManualProviderWritesNothingSoTheApexRuleDoesNotApplyButItsListsDo() {
    ProviderScope manual = cluster("{manual: {}}");
    assertThat(manual.decide("t", null, "example.com"))
        .isInstanceOf(ProviderScope.Decision.Allowed.class);
    ProviderScope listed = cluster("{manual: {}, allowedDomains: ['*.example.com']}");
    assertThat(listed.decide("t", null, "example.com"))
        .isInstanceOf(ProviderScope.Decision.Refused.class);
  }

  static Stream<String> zones() {
    return Stream.of("corp.example.com", "corp.example.com.");
  }

  @ParameterizedTest(name = "allowSpfMerge {0}")
  @MethodSource("merges")
  void allowSpfMergeIsOffUnlessSet(String value, boolean expected) {
    ProviderScope scope = cluster("{manual: {}, allowedDomains: [a.example.com]" + value + "}");
    assertThat(
            ((ProviderScope.Decision.Allowed) scope.decide("x", null, "a.example.com"))
                .allowSpfMerge())
        .isEqualTo(expected);
  }

  static Stream<Arguments> merges() {
    return Stream.of(
        Arguments.of("", false),
        Arguments.of(", allowSpfMerge: false", false),
        Arguments.of(", allowSpfMerge: true", true));
  }
}
