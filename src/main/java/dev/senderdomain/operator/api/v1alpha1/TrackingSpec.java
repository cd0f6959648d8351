package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A click-tracking host under the domain, published as a CNAME to the sending platform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrackingSpec extends KeepsUnknownFields {
  @Required
  @Pattern("^[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?$")
  @JsonPropertyDescription("Label under the domain, e.g. clicks -> clicks.shop.example.com.")
  public String name;

  @Required
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription("CNAME target, e.g. track.mailer.example.net.")
  public String target;
}
