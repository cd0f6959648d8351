package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a DnsProvider's Ready condition ({@link ProviderStatus}); its credential Secrets are in
 * its own namespace.
 */
@ControllerConfiguration(name = DnsProviderReconciler.NAME)
public class DnsProviderReconciler implements Reconciler<DnsProvider> {
  public static final String NAME = "dnsprovider";

  private final ProviderStatus status;

  DnsProviderReconciler(ProviderStatus status) {
    this.status = status;
  }

  @Override
  public UpdateControl<DnsProvider> reconcile(DnsProvider provider, Context<DnsProvider> context) {
    return status.reconcile(provider, provider.getMetadata().getNamespace(), context);
  }
}
