package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Points at a DnsProvider in the SenderDomain's namespace, or at a ClusterDnsProvider. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderRef extends KeepsUnknownFields {
  public static final String KIND_NAMESPACED = "DnsProvider";
  public static final String KIND_CLUSTER = "ClusterDnsProvider";

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the provider resource.")
  public String name;

  @SchemaFrom(type = SchemaEnums.ProviderKind.class)
  @JsonPropertyDescription("DnsProvider (default, same namespace) or ClusterDnsProvider.")
  public String kind;

  public ProviderRef() {}

  public ProviderRef(String name, String kind) {
    this.name = name;
    this.kind = kind;
  }

  public boolean clusterScoped() {
    return KIND_CLUSTER.equals(kind);
  }
}
