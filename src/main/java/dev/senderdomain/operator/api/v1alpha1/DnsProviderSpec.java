package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Exactly one adapter section is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.manual), has(self.rfc2136), has(self.powerdns), has(self.externaldns), has(self.cloudflare),"
            + " has(self.route53)].filter(x, x).size() == 1",
    message =
        "exactly one of manual, rfc2136, powerdns, externaldns, cloudflare, route53 must be set")
public class DnsProviderSpec extends KeepsUnknownFields {
  @JsonPropertyDescription(
      "Never push: records are only shown in status and by `plan --output zone`.")
  public Manual manual;

  @JsonPropertyDescription(
      "RFC 2136 dynamic UPDATE signed with TSIG (RFC 8945): BIND, Knot, PowerDNS, ...")
  public Rfc2136 rfc2136;

  @JsonPropertyDescription("PowerDNS Authoritative HTTP API.")
  public PowerDns powerdns;

  @JsonPropertyDescription(
      "Write ExternalDNS DNSEndpoint objects (ExternalDNS runs with --source=crd).")
  public ExternalDns externaldns;

  @JsonPropertyDescription("Cloudflare API v4.")
  public Cloudflare cloudflare;

  @JsonPropertyDescription("Amazon Route 53.")
  public Route53 route53;

  @JsonPropertyDescription(
      "Domains SenderDomains may publish through this provider: a name (mail.example.com, only"
          + " that name) or a wildcard (*.apps.example.com, every name below apps.example.com)."
          + " Absent: any name, except the zone apex and names already carrying SPF, DKIM or DMARC"
          + " records not created by the operator, which must be named explicitly (not by a"
          + " wildcard). See docs/install.md, multi-tenant clusters.")
  @ValidationRule(
      value =
          "self.all(d, d.matches('^(\\\\*\\\\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\\\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))",
      message =
          "each entry is a lower-case domain name, optionally starting with '*.' (e.g."
              + " mail.example.com, *.apps.example.com)")
  @io.fabric8.generator.annotation.Size(max = 256)
  public java.util.List<String> allowedDomains;

  @JsonPropertyDescription(
      "Allow spec.spf.merge of SenderDomains to merge their mechanisms into a v=spf1 record the"
          + " operator did not create. Default false: such a SenderDomain is refused"
          + " (ProviderNotAllowed).")
  public Boolean allowSpfMerge;

  @JsonPropertyDescription(
      "At most `requests` requests to the provider in any interval of `per`, shared by every"
          + " SenderDomain that publishes through it (and by every DnsProvider of the same server"
          + " or account that sets the same budget). Absent: Route 53 5 per 1s and Cloudflare 1200"
          + " per 5m (their documented limits); PowerDNS and RFC 2136 unlimited. See"
          + " docs/performance.md.")
  public RequestBudgetSpec requestBudget;

  /** Records are only shown; nothing is pushed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @com.fasterxml.jackson.databind.annotation.JsonSerialize
  @com.fasterxml.jackson.annotation.JsonAutoDetect(
      getterVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
  public static class Manual extends KeepsUnknownFields {
    @JsonPropertyDescription(
        "Optional: the zone the records are pasted into, so they can be shown relative to it.")
    public String zone;
  }

  /**
   * How many requests the provider may receive: {@code requests} in any interval of {@code per}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!self.per.matches('^0+[smhd]$')",
      message = "per must be longer than zero")
  public static class RequestBudgetSpec extends KeepsUnknownFields {
    @Required
    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("Requests allowed per interval, e.g. 5.")
    public Integer requests;

    @Required
    @io.fabric8.generator.annotation.Pattern("^[0-9]+[smhd]$")
    @io.fabric8.generator.annotation.Size(max = 10)
    @JsonPropertyDescription("The interval, e.g. 1s or 5m.")
    public String per;
  }

  /** RFC 2136 UPDATE. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Rfc2136 extends KeepsUnknownFields {
    @Required
    @JsonPropertyDescription("Primary server address (IP or host name).")
    public String server;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port, default 53.")
    public Integer port;

    @JsonPropertyDescription("Zone to update. Absent: found from the SOA of the domain.")
    public String zone;

    @JsonPropertyDescription("TSIG key (RFC 8945). Absent: unsigned updates (not recommended).")
    public Tsig tsig;
  }

  /** A TSIG key whose secret is in a Secret. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Tsig extends KeepsUnknownFields {
    @Required
    @JsonPropertyDescription("TSIG key name as configured on the server, e.g. senderdomain.")
    public String keyName;

    @SchemaFrom(type = SchemaEnums.TsigAlgorithm.class)
    @JsonPropertyDescription("hmac-sha256 (default) or hmac-sha512, ...")
    public String algorithm;

    @Required
    @JsonPropertyDescription("Secret key holding the base64 TSIG secret.")
    public SecretKeySelector secretRef;
  }

  /** PowerDNS Authoritative API. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PowerDns extends KeepsUnknownFields {
    @Required
    @JsonPropertyDescription("Base URL of the API, e.g. http://pdns.dns.svc:8081.")
    public String url;

    @JsonPropertyDescription("Server id, default localhost.")
    public String serverId;

    @JsonPropertyDescription(
        "Zone to update. Absent: the longest zone on the server containing each name.")
    public String zone;

    @Required
    @JsonPropertyDescription("Secret key holding the API key (X-API-Key).")
    public SecretKeySelector apiKeySecretRef;
  }

  /** ExternalDNS DNSEndpoint objects. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExternalDns extends KeepsUnknownFields {
    @JsonPropertyDescription("Namespace for the DNSEndpoint objects. Default: the SenderDomain's.")
    public String namespace;

    @JsonPropertyDescription("Labels put on the DNSEndpoints, for ExternalDNS's --label-filter.")
    public java.util.Map<String, String> labels;
  }

  /** Cloudflare. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Cloudflare extends KeepsUnknownFields {
    @JsonPropertyDescription("Zone id; absent: looked up by name.")
    public String zoneId;

    @JsonPropertyDescription("Zone name, looked up with GET /zones?name= when zoneId is absent.")
    public String zone;

    @Required
    @JsonPropertyDescription("API token with Zone.DNS edit rights.")
    public SecretKeySelector apiTokenSecretRef;

    @JsonPropertyDescription("API base URL, default https://api.cloudflare.com/client/v4.")
    public String baseUrl;
  }

  /** Route 53. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Route53 extends KeepsUnknownFields {
    @JsonPropertyDescription(
        "Hosted zone id. Absent: the public hosted zone named zone (or above each name).")
    public String hostedZoneId;

    @JsonPropertyDescription("Zone name, used to find the hosted zone when hostedZoneId is absent.")
    public String zone;

    @JsonPropertyDescription("AWS region of the client; Route 53 is global (default aws-global).")
    public String region;

    @JsonPropertyDescription(
        "Access key id; absent: the default AWS credentials chain (IRSA, instance profile).")
    public SecretKeySelector accessKeyIdSecretRef;

    @JsonPropertyDescription("Secret access key, with accessKeyIdSecretRef.")
    public SecretKeySelector secretAccessKeySecretRef;

    @JsonPropertyDescription("Endpoint override (for tests or partitions).")
    public String endpoint;
  }
}
