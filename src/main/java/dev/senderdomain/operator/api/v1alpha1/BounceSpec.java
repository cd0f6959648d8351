package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * The return-path (bounce) subdomain: MX records and its own SPF, so SPF aligns with the From
 * domain.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BounceSpec extends KeepsUnknownFields {
  @Required
  @Pattern("^[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?$")
  @JsonPropertyDescription("Label under the domain, e.g. bounce -> bounce.shop.example.com.")
  public String name;

  @JsonPropertyDescription("MX records of the bounce subdomain.")
  public List<Mx> mx;

  @JsonPropertyDescription(
      "SPF of the bounce subdomain. Default: the domain's own include/ip4/ip6.")
  public SpfSpec spf;

  /** One MX record (RFC 5321 5.1). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Mx extends KeepsUnknownFields {
    @Min(0)
    @Max(65535)
    @JsonPropertyDescription("MX preference, lower is tried first. Default 10.")
    public Integer preference;

    @Required
    @Pattern("^[^\\s]+$")
    @JsonPropertyDescription("Mail exchanger host name, e.g. mx1.mailer.example.net.")
    public String host;

    public Mx() {}

    public Mx(int preference, String host) {
      this.preference = preference;
      this.host = host;
    }
  }
}
