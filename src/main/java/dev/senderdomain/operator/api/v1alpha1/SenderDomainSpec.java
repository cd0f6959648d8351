package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * What the user asks for. The operator never writes the spec (GitOps tools would revert it): all
 * progress lives in {@link SenderDomainStatus}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SenderDomainSpec extends KeepsUnknownFields {
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription(
      "The From domain, e.g. shop.example.com. Internationalized names are accepted and published as punycode.")
  public String domain;

  @JsonPropertyDescription(
      "The DnsProvider (same namespace) or ClusterDnsProvider that publishes the records. Absent:"
          + " nothing is pushed; the records are shown in status.records and by `plan --output zone`"
          + " to be published by hand, and verified at the domain's authoritative servers.")
  public ProviderRef providerRef;

  @Pattern("^(Delete|Retain)$")
  @JsonPropertyDescription(
      "Delete (default): when the SenderDomain is deleted, the operator removes every record it"
          + " published (only its own mechanisms of a merged SPF record) before the resource goes."
          + " Retain: the records stay in DNS.")
  public String deletionPolicy;

  @Min(30)
  @Max(604800)
  @JsonPropertyDescription("TTL in seconds of every record the operator publishes. Default 3600.")
  public Integer ttl;

  @JsonPropertyDescription("SPF (RFC 7208) published at the domain.")
  public SpfSpec spf;

  @JsonPropertyDescription(
      "DKIM (RFC 6376) keys: algorithms, rotation, and the Secret they are kept in.")
  public DkimSpec dkim;

  @JsonPropertyDescription(
      "Return-path subdomain, so SPF aligns with the From domain: its MX records and own SPF.")
  public BounceSpec bounce;

  @JsonPropertyDescription(
      "Click-tracking host: a CNAME under the domain to the sending platform's tracker.")
  public TrackingSpec tracking;

  @JsonPropertyDescription(
      "DMARC (RFC 7489 / RFC 9989) record and its rollout to the target policy.")
  public DmarcSpec dmarc;
}
