package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A DnsProvider usable from every namespace. Its secretRefs name Secrets in the operator's
 * namespace, as with cert-manager's ClusterIssuer.
 */
// A top-level field a newer API version adds must not stop the informer (see KeepsUnknownFields).
@JsonIgnoreProperties(ignoreUnknown = true)
@Group(SenderDomain.GROUP)
@Version(SenderDomain.VERSION)
@ShortNames("cdnsp")
@io.fabric8.kubernetes.model.annotation.Categories("sdo")
// Columns in the order a person reads them, Age last (the order is kept in crds/, see
// CrdColumnOrder).
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ClusterDnsProvider extends CustomResource<ClusterDnsProviderSpec, DnsProviderStatus> {}
