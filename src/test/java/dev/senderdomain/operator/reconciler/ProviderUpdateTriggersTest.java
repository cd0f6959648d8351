package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which provider updates are worth what: the provider's own check runs again on spec and annotation
 * edits, not on its own status writes; its SenderDomains are reconciled again only on spec edits.
 */
class ProviderUpdateTriggersTest {
  @Test
  void aStatusWriteTriggersNeitherTheCheckNorTheSenderDomains() {
    ClusterDnsProvider older = provider();
    ClusterDnsProvider newer = copy(older);
    newer.setStatus(new DnsProviderStatus());
    newer.getStatus().observedGeneration = 1L;
    newer.getStatus().conditions =
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Checked")
                .build());
    newer.getMetadata().setResourceVersion("2");
    assertThat(ProviderStatus.relevantUpdate(newer, older)).isFalse();
    assertThat(ProviderEventSources.specChanged(newer, older)).isFalse();
  }

  @Test
  void anAnnotationAsksForACheckButLeavesTheSenderDomainsAlone() {
    ClusterDnsProvider older = provider();
    ClusterDnsProvider newer = copy(older);
    newer.getMetadata().setAnnotations(Map.of("senderdomain.dev/checked-at", "1"));
    assertThat(ProviderStatus.relevantUpdate(newer, older)).isTrue();
    assertThat(ProviderEventSources.specChanged(newer, older)).isFalse();
  }

  @Test
  void aSpecEditTriggersBoth() {
    ClusterDnsProvider older = provider();
    ClusterDnsProvider newer = copy(older);
    newer.getSpec().rfc2136.zone = "example.org";
    newer.getMetadata().setGeneration(2L);
    assertThat(ProviderStatus.relevantUpdate(newer, older)).isTrue();
    assertThat(ProviderEventSources.specChanged(newer, older)).isTrue();
    ClusterDnsProvider scoped = copy(older);
    scoped.getSpec().allowedDomains = List.of("mail.example.com");
    assertThat(ProviderEventSources.specChanged(scoped, older)).isTrue();
  }

  private static ClusterDnsProvider provider() {
    ClusterDnsProvider p = new ClusterDnsProvider();
    p.getMetadata().setName("company");
    p.getMetadata().setGeneration(1L);
    p.getMetadata().setResourceVersion("1");
    ClusterDnsProviderSpec spec = new ClusterDnsProviderSpec();
    spec.rfc2136 = new DnsProviderSpec.Rfc2136();
    spec.rfc2136.server = "192.0.2.53";
    spec.rfc2136.zone = "example.com";
    p.setSpec(spec);
    return p;
  }

  private static ClusterDnsProvider copy(ClusterDnsProvider p) {
    return Serialization.clone(p);
  }
}
