package dev.senderdomain.operator.dkim;

import java.util.Optional;

/**
 * A manual rotation request, read by the reconciler from the {@value #ANNOTATION} annotation.
 * Setting a value the ring has not seen yet rotates once (like {@code cmctl renew}); a value
 * starting with {@value #EMERGENCY_PREFIX} also revokes the active key at once (compromised key).
 * The ring remembers the last token acted upon, so a token acts once however often it is
 * reconciled.
 */
public record RotationRequest(String token, boolean emergency) {
  public static final String ANNOTATION = "senderdomain.dev/rotate";
  public static final String EMERGENCY_PREFIX = "emergency:";

  public static final RotationRequest NONE = new RotationRequest(null, false);

  /** The request an annotation value makes; null or blank means none. */
  public static RotationRequest fromAnnotation(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    String v = value.trim();
    return new RotationRequest(v, v.startsWith(EMERGENCY_PREFIX));
  }

  public Optional<String> tokenValue() {
    return Optional.ofNullable(token);
  }

  /** Whether this request has not been acted upon by the ring yet. */
  public boolean isNewFor(KeyRing ring) {
    return token != null && !token.equals(ring.rotationToken().orElse(null));
  }
}
