package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;
import java.util.Map;

/** DKIM keys (RFC 6376; Ed25519 per RFC 8463). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DkimSpec extends KeepsUnknownFields {
  @JsonPropertyDescription(
      "Key algorithms, one key each: rsa-2048 (default), rsa-1024 (legacy, warned about), ed25519 (RFC 8463;"
          + " needs an RSA key beside it because Gmail and Outlook do not verify Ed25519).")
  public List<@Pattern("^(rsa-2048|rsa-1024|ed25519)$") String> algorithms;

  @JsonPropertyDescription("Automatic key rotation. Absent: keys are never rotated automatically.")
  public RotationSpec rotation;

  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of the Secret holding the keys. Default: <SenderDomain name>-dkim.")
  public String secretName;

  @JsonPropertyDescription(
      "Labels and annotations copied onto the key Secret (like cert-manager's secretTemplate).")
  public SecretTemplate secretTemplate;

  @Pattern("^(Retain|Delete)$")
  @JsonPropertyDescription(
      "Retain (default) keeps the key Secret when the SenderDomain is deleted; Delete removes it.")
  public String deletionPolicy;

  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Bring your own key: a Secret in the namespace whose keys are adopted instead of generated.")
  public String existingSecretName;

  /** Rotation cadence. Durations are like 180d, 48h, 30m. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RotationSpec extends KeepsUnknownFields {
    @Pattern("^[0-9]+[smhd]$")
    @JsonPropertyDescription("Rotate this often, e.g. 180d (M3AAWG advises about six months).")
    public String every;

    @Pattern("^[0-9]+[smhd]$")
    @JsonPropertyDescription(
        "How long a new key's record is published before it signs; at least twice the TTL.")
    public String propagationDelay;

    @Pattern("^[0-9]+[smhd]$")
    @JsonPropertyDescription(
        "How long a replaced key stays published so mail in flight still verifies.")
    public String retireAfter;
  }

  /** Metadata copied onto the Secret. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretTemplate extends KeepsUnknownFields {
    @JsonPropertyDescription("Labels added to the key Secret.")
    public Map<String, String> labels;

    @JsonPropertyDescription(
        "Annotations added to the key Secret (e.g. for a reloader or a secret sync tool).")
    public Map<String, String> annotations;
  }
}
