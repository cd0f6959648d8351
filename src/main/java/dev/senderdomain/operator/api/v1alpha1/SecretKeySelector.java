package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key in a Secret: credentials are always referenced, never inline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeySelector extends KeepsUnknownFields {
  @Required
  @JsonPropertyDescription("Secret name.")
  public String name;

  @Required
  @JsonPropertyDescription("Key within the Secret's data.")
  public String key;

  public SecretKeySelector() {}

  public SecretKeySelector(String name, String key) {
    this.name = name;
    this.key = key;
  }
}
