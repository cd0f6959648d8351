package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.Verifier;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishRequest;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where to check that records are served. An RFC 2136 primary is itself authoritative, so it is
 * asked directly (this also works for private zones); for API providers the zone's NS servers are
 * found by walking up from the domain.
 */
public final class AuthoritativeServers implements ProviderRecordPublisher.VerifierSource {
  private final Duration timeout;

  public AuthoritativeServers(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public Optional<Verifier> forRequest(PublishRequest request) {
    DnsProviderSpec.Rfc2136 rfc2136 = request.provider().rfc2136;
    if (rfc2136 != null) {
      int port = rfc2136.port == null ? 53 : rfc2136.port;
      return Optional.of(
          new Verifier(List.of(new InetSocketAddress(rfc2136.server, port)), timeout));
    }
    for (String zone = request.domain();
        zone.indexOf('.') > 0;
        zone = zone.substring(zone.indexOf('.') + 1)) {
      try {
        return Optional.of(Verifier.forZone(zone, timeout));
      } catch (UnknownHostException e) {
        // no NS at this name: it is inside its parent's zone, look one label up
      }
    }
    return Optional.empty();
  }
}
