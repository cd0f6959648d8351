package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * A DnsProvider spec plus the namespaces allowed to use it: a ClusterDnsProvider is trusted
 * cluster-wide, so which tenants may publish through it is said here (cert-manager's ClusterIssuer
 * with approver-policy; ExternalDNS's --domain-filter for the names).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterDnsProviderSpec extends DnsProviderSpec {
  @JsonPropertyDescription(
      "Namespaces whose SenderDomains may use this provider: listed by name and/or matched by a"
          + " label selector (either suffices). Absent: every namespace.")
  public AllowedNamespaces allowedNamespaces;

  /** Namespaces by name or by labels. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.names) || has(self.selector)",
      message = "set names, selector or both (an empty allowedNamespaces allows no namespace)")
  public static class AllowedNamespaces extends KeepsUnknownFields {
    @JsonPropertyDescription("Namespace names.")
    @Size(max = 1000)
    public List<String> names;

    @JsonPropertyDescription(
        "A label selector over Namespaces (matchLabels, matchExpressions), e.g."
            + " {matchLabels: {mail.example.com/sender: \"true\"}}.")
    public Selector selector;
  }

  /** A Kubernetes label selector (the same semantics as metav1.LabelSelector). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Selector extends KeepsUnknownFields {
    @JsonPropertyDescription("Labels the Namespace must carry, each with this value.")
    public java.util.Map<String, String> matchLabels;

    @JsonPropertyDescription("Requirements that must all hold.")
    @Size(max = 100)
    public List<Requirement> matchExpressions;
  }

  /** One selector requirement. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Requirement extends KeepsUnknownFields {
    @io.fabric8.generator.annotation.Required
    @JsonPropertyDescription("The label key.")
    public String key;

    @io.fabric8.generator.annotation.Required
    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
    public Operator operator;

    @JsonPropertyDescription("Values for In and NotIn; empty for Exists and DoesNotExist.")
    public List<String> values;
  }

  /** metav1.LabelSelectorOperator. */
  public enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }
}
