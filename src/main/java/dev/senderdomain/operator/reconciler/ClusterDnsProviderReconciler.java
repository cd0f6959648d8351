package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a ClusterDnsProvider's Ready condition ({@link ProviderStatus}); its credential Secrets
 * are in the operator's own namespace, as for cert-manager's ClusterIssuer.
 */
@ControllerConfiguration(name = ClusterDnsProviderReconciler.NAME)
public class ClusterDnsProviderReconciler implements Reconciler<ClusterDnsProvider> {
  public static final String NAME = "clusterdnsprovider";

  private final ProviderStatus status;
  private final String operatorNamespace;

  ClusterDnsProviderReconciler(ProviderStatus status, String operatorNamespace) {
    this.status = status;
    this.operatorNamespace = operatorNamespace;
  }

  @Override
  public UpdateControl<ClusterDnsProvider> reconcile(
      ClusterDnsProvider provider, Context<ClusterDnsProvider> context) {
    return status.reconcile(provider, operatorNamespace, context);
  }
}
