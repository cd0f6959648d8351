package dev.senderdomain.operator.dns.provider.rfc2136;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to send RFC 2136 UPDATEs. {@code zone} null: found from the SOA of each name (RFC
 * 2136 4.1 lets a requestor find the zone that way). {@code tsigKeyName} null: unsigned. The TSIG
 * secret is never shown by {@link #toString()}.
 */
public record Rfc2136Settings(
    String server,
    int port,
    String zone,
    String tsigKeyName,
    String tsigAlgorithm,
    byte[] tsigSecret,
    Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public Rfc2136Settings {
    Objects.requireNonNull(server, "server");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    if (tsigKeyName != null && (tsigSecret == null || tsigSecret.length == 0)) {
      throw new IllegalArgumentException("TSIG key " + tsigKeyName + " has no secret");
    }
    tsigAlgorithm = tsigAlgorithm == null ? "hmac-sha256" : tsigAlgorithm;
    tsigSecret = tsigSecret == null ? null : tsigSecret.clone();
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** The same settings with another zone (null: discover from the SOA). */
  public Rfc2136Settings withZone(String newZone) {
    return new Rfc2136Settings(
        server, port, newZone, tsigKeyName, tsigAlgorithm, tsigSecret, timeout);
  }

  /** The same settings with another TSIG secret (tests: a wrong key). */
  public Rfc2136Settings withTsigSecret(byte[] secret) {
    return new Rfc2136Settings(server, port, zone, tsigKeyName, tsigAlgorithm, secret, timeout);
  }

  @Override
  public byte[] tsigSecret() {
    return tsigSecret == null ? null : tsigSecret.clone();
  }

  @Override
  public String toString() {
    return "Rfc2136Settings[server="
        + server
        + ", port="
        + port
        + ", zone="
        + zone
        + ", tsigKeyName="
        + tsigKeyName
        + ", tsigAlgorithm="
        + tsigAlgorithm
        + ", tsigSecret="
        + (tsigSecret == null ? "none" : "<redacted>")
        + ", timeout="
        + timeout
        + "]";
  }
}
