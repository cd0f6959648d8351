package dev.senderdomain.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A DnsProvider usable from every namespace. Its secretRefs name Secrets in the operator's
 * namespace, as with cert-manager's ClusterIssuer.
 */
@Group(SenderDomain.GROUP)
@Version(SenderDomain.VERSION)
@ShortNames("cdnsp")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ClusterDnsProvider extends CustomResource<DnsProviderSpec, DnsProviderStatus> {}
