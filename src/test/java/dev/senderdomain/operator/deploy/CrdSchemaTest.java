package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schema check used on the examples finds what the API server would refuse or prune. */
class CrdSchemaTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      SenderDomain | {spec: {domain: example.com, providerRef: {name: dns}}} |
      SenderDomain | {spec: {domain: example.com, providerRef: {name: dns}, ttll: 60}} | .spec.ttll: unknown field
      SenderDomain | {spec: {providerRef: {name: dns}}} | .spec.domain: required
      SenderDomain | {spec: {domain: example.com, providerRef: {name: dns}, ttl: 5}} | .spec.ttl: below 30.0
      SenderDomain | {spec: {domain: example.com, providerRef: {name: dns}, ttl: '60'}} | .spec.ttl: not an integer
      SenderDomain | {spec: {domain: 'a b', providerRef: {name: dns}}} | .spec.domain: 'a b' does not match
      SenderDomain |{spec: {domain: a.b, providerRef: {name: d}, dkim: {algorithms: [rsa-4]}}} | .spec.dkim.algorithms
      SenderDomain | {spec: {domain: example.com, providerRef: {name: dns}}, statuss: {}} | .statuss: unknown field
      DnsProvider | {spec: {rfc2136: {server: ns1.example.com, port: 70000}}} | .spec.rfc2136.port: above 65535.0
      DnsProvider | {spec: {externaldns: {labels: {a: b}}}} |
      """)
  @SuppressWarnings("unchecked")
  void reportsTheFirstViolationOrNone(String kind, String yaml, String expected) throws Exception {
    Map<String, Object> resource = new ObjectMapper(new YAMLFactory()).readValue(yaml, Map.class);
    var violations = CrdSchema.forKind(kind).violations(resource);
    if (expected == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations).singleElement().asString().startsWith(expected);
    }
  }
}
