package dev.senderdomain.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Where a namespace's SenderDomains publish their records: one adapter and its credentials. */
@Group(SenderDomain.GROUP)
@Version(SenderDomain.VERSION)
@ShortNames("dnsp")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DnsProvider extends CustomResource<DnsProviderSpec, DnsProviderStatus>
    implements Namespaced {}
