package dev.senderdomain.operator.dns.provider.manual;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import java.util.Collection;
import java.util.List;

/**
 * The provider for zones nobody may write to automatically: it never pushes. A person pastes the
 * records shown in status and by {@code plan --output zone} / {@code push}. {@link #read} knows
 * nothing (the zone is not ours to look at through this provider; {@code Verifier} checks what is
 * served), and {@link #apply} refuses any non-empty change set so a caller that forgot to check
 * {@link #pushes()} fails loudly instead of silently doing nothing.
 */
public final class ManualAdapter implements DnsProviderAdapter {
  public static DnsProviderAdapter fromSpec(
      DnsProviderSpec spec, String namespace, SecretResolver secrets) {
    return new ManualAdapter();
  }

  @Override
  public String name() {
    return "manual";
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) {
    return List.of();
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    if (!changes.isEmpty()) {
      throw new DnsProviderException(
          ProviderFailure.ManualProvider,
          "the manual provider never pushes: publish these records yourself: " + changes.describe(),
          true);
    }
  }

  @Override
  public boolean pushes() {
    return false;
  }
}
