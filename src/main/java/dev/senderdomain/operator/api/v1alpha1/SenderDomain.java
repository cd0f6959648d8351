package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A mail sender domain whose DKIM keys, DNS records and DMARC rollout the operator manages. */
// A top-level field a newer API version adds must not stop the informer (see KeepsUnknownFields).
@JsonIgnoreProperties(ignoreUnknown = true)
@Group(SenderDomain.GROUP)
@Version(SenderDomain.VERSION)
@ShortNames("sd")
// kubectl get sdo: every kind of the operator at once.
@io.fabric8.kubernetes.model.annotation.Categories("sdo")
// Columns in the order a person reads them, Age last (the order is kept in crds/, see
// CrdColumnOrder).
@AdditionalPrinterColumn(
    name = "Domain",
    jsonPath = ".spec.domain",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Policy",
    jsonPath = ".status.dmarc.policy",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Pct",
    jsonPath = ".status.dmarc.pct",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Next Step",
    jsonPath = ".status.dmarc.nextStepAt",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Selector",
    jsonPath = ".status.dkim.activeSelectors",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SenderDomain extends CustomResource<SenderDomainSpec, SenderDomainStatus>
    implements Namespaced {
  public static final String GROUP = "senderdomain.dev";
  public static final String VERSION = "v1alpha1";
}
