package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.List;

/** The SPF record (RFC 7208) at the domain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SpfSpec extends KeepsUnknownFields {
  @JsonPropertyDescription("Domains to include: (RFC 7208 5.2), e.g. _spf.mailer.example.net.")
  public List<String> include;

  @JsonPropertyDescription("IPv4 addresses or CIDR ranges allowed to send (ip4: mechanism).")
  public List<String> ip4;

  @JsonPropertyDescription("IPv6 addresses or CIDR ranges allowed to send (ip6: mechanism).")
  public List<String> ip6;

  @SchemaFrom(type = SchemaEnums.SpfAll.class)
  @JsonPropertyDescription(
      "Result for everyone else: fail (-all, default), softfail (~all) or neutral (?all).")
  public String all;

  @JsonPropertyDescription(
      "When a v=spf1 record the operator did not create exists at the domain, merge our mechanisms into it"
          + " instead of refusing (RFC 7208 4.5 allows one SPF record per name).")
  public Boolean merge;
}
