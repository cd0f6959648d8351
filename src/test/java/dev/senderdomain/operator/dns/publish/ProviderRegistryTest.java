package dev.senderdomain.operator.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SecretKeySelector;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {
  static final SecretResolver NO_SECRETS =
      (ns, ref) -> {
        throw SecretResolver.notFound(ns, ref, "tsig");
      };

  static DnsProviderSpec rfc2136(String secretRefName) {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.rfc2136 = new DnsProviderSpec.Rfc2136();
    spec.rfc2136.server = "127.0.0.1";
    spec.rfc2136.tsig = new DnsProviderSpec.Tsig();
    spec.rfc2136.tsig.keyName = "k";
    spec.rfc2136.tsig.secretRef = new SecretKeySelector(secretRefName, "secret");
    return spec;
  }

  @Test
  void theRfc2136SectionGetsItsTsigSecretThroughTheResolver() throws Exception {
    String[] asked = new String[2];
    DnsProviderAdapter a =
        ProviderRegistry.create(
            rfc2136("tsig"),
            "mail",
            (ns, ref) -> {
              asked[0] = ns;
              asked[1] = ref.name + "/" + ref.key;
              return "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
            });
    assertThat(a.name()).isEqualTo("rfc2136");
    assertThat(asked).containsExactly("mail", "tsig/secret");
    assertThat(a.toString()).doesNotContain("c2VjcmV0");
  }

  @Test
  void aMissingSecretIsAPermanentErrorNamingTheSecretAndKey() {
    assertThatThrownBy(() -> ProviderRegistry.create(rfc2136("tsig"), "mail", NO_SECRETS))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.SecretNotFound);
              assertThat(e.permanent()).isTrue();
              assertThat(e.getMessage()).contains("mail/tsig").contains("'secret'");
            });
  }

  @Test
  void aTsigSecretThatIsNotBase64IsRefusedWithoutEchoingIt() {
    assertThatThrownBy(
            () -> ProviderRegistry.create(rfc2136("tsig"), "mail", (ns, ref) -> "not*base64!"))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.InvalidProvider);
              assertThat(e.getMessage()).contains("not base64").doesNotContain("not*base64!");
            });
  }

  @Test
  void aSpecWithNoSectionOrTwoSectionsIsInvalid() {
    DnsProviderSpec two = rfc2136("x");
    two.manual = new DnsProviderSpec.Manual();
    assertThatThrownBy(() -> ProviderRegistry.create(new DnsProviderSpec(), "ns", NO_SECRETS))
        .hasMessageContaining("found none");
    assertThatThrownBy(() -> ProviderRegistry.create(two, "ns", NO_SECRETS))
        .hasMessageContaining("[manual, rfc2136]");
  }

  @Test
  void theManualProviderNeverPushesReadsNothingAndRefusesToApplyChanges() throws Exception {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.manual = new DnsProviderSpec.Manual();
    DnsProviderAdapter manual = ProviderRegistry.create(spec, "ns", NO_SECRETS);
    assertThat(manual.pushes()).isFalse();
    assertThat(manual.read(List.of(new RecordKey("a.example", RecordType.TXT)))).isEmpty();
    manual.apply(ChangeSet.empty());
    RecordSet set = new RecordSet("a.example", RecordType.TXT, 60, List.of("x"));
    assertThatThrownBy(() -> manual.apply(new ChangeSet(List.of(set), List.of(), List.of())))
        .isInstanceOfSatisfying(
            DnsProviderException.class, e -> assertThat(e.permanent()).isTrue());
  }
}
