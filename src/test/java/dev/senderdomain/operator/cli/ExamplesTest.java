package dev.senderdomain.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.publish.ProviderRegistry;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests in examples/ are what the README tells people to apply: they must read, validate
 * and match up.
 */
class ExamplesTest {
  @Test
  void everyExampleReadsValidatesAndPointsAtAProviderThatIsThere() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("examples"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    Manifests m = Manifests.read(files);
    assertThat(m.ignored).isEmpty();
    assertThat(m.senderDomains).isNotEmpty();
    for (SenderDomain sd : m.senderDomains) {
      SenderDomainValidator.validate(sd);
      assertThat(m.providers)
          .as("DnsProvider %s for %s", sd.getSpec().providerRef.name, sd.getMetadata().getName())
          .anySatisfy(
              p -> {
                assertThat(p.getMetadata().getName()).isEqualTo(sd.getSpec().providerRef.name);
                assertThat(p.getMetadata().getNamespace())
                    .isEqualTo(sd.getMetadata().getNamespace());
              });
    }
    for (var p : m.providers) {
      assertThat(ProviderRegistry.registered()).contains(ProviderRegistry.section(p.getSpec()));
      if (p.getSpec().rfc2136 != null && p.getSpec().rfc2136.tsig != null) {
        assertThat(
                m.secret(p.getMetadata().getNamespace(), p.getSpec().rfc2136.tsig.secretRef.name))
            .isPresent();
      }
    }
  }
}
