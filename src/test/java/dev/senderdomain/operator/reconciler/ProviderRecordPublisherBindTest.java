package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SecretKeySelector;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.publish.SharedProviders;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishOutcome;
import dev.senderdomain.operator.reconciler.RecordPublisher.PublishRequest;
import dev.senderdomain.operator.testsupport.BindServer;
import dev.senderdomain.operator.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's DNS seam with shared zone reads against a real BIND 9 that allows AXFR to the key:
 * a new domain is read from the zone's listing, written once and verified; the same domain
 * unchanged, with its names served last time, costs no DNS message at all.
 */
class ProviderRecordPublisherBindTest {
  static BindServer bind;

  @BeforeAll
  static void start() {
    bind = BindServer.start(List.of("pub.test"), Map.of(), true);
  }

  @AfterAll
  static void stop() {
    bind.close();
  }

  static DnsProviderSpec provider() {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.rfc2136 = new DnsProviderSpec.Rfc2136();
    spec.rfc2136.server = bind.host();
    spec.rfc2136.port = bind.port();
    spec.rfc2136.zone = "pub.test";
    spec.rfc2136.tsig = new DnsProviderSpec.Tsig();
    spec.rfc2136.tsig.keyName = bind.keyName();
    spec.rfc2136.tsig.algorithm = bind.keyAlgorithm();
    spec.rfc2136.tsig.secretRef = new SecretKeySelector();
    spec.rfc2136.tsig.secretRef.name = "tsig";
    spec.rfc2136.tsig.secretRef.key = "secret";
    return spec;
  }

  static PublishRequest request(String domain, Set<String> servedBefore) {
    return new PublishRequest(
        "mail/" + domain,
        domain,
        provider(),
        "mail",
        List.of(
            new DnsRecord(domain, RecordType.TXT, 300, "v=spf1 -all"),
            new DnsRecord("_dmarc." + domain, RecordType.TXT, 300, "v=DMARC1; p=none")),
        false,
        dev.senderdomain.operator.dns.PlanOptions.Scope.UNRESTRICTED,
        dev.senderdomain.operator.dns.publish.DomainPublisher.ClaimCheck.NONE,
        servedBefore);
  }

  @Test
  void anUnchangedDomainWhoseNamesWereServedCostsNoDnsMessage() throws Exception {
    ProviderRecordPublisher publisher =
        new ProviderRecordPublisher(
            null,
            (ns, ref) -> bind.keySecretBase64(),
            new AuthoritativeServers(Duration.ofSeconds(2)),
            new OperatorMetrics(new SimpleMeterRegistry()),
            new SharedProviders(new MutableClock(Instant.EPOCH), Duration.ofMinutes(10)));

    long[] before = bind.opcodes();
    PublishOutcome first = publisher.publish(request("a.pub.test", Set.of()));
    long[] afterFirst = bind.opcodes();
    PublishOutcome second =
        publisher.publish(request("a.pub.test", Set.copyOf(first.served().names())));
    long[] afterSecond = bind.opcodes();

    assertThat(first.changes()).isNotEmpty();
    assertThat(first.verified()).isTrue();
    // One AXFR, then the UPDATE and the verification of what it wrote.
    assertThat(afterFirst[1] - before[1]).isEqualTo(1);
    assertThat(second.changes()).isEmpty();
    assertThat(second.verified()).isTrue();
    assertThat(second.served().names()).containsAll(first.served().names());
    assertThat(afterSecond[0] - afterFirst[0]).as("DNS queries at the resync").isZero();
    assertThat(afterSecond[1] - afterFirst[1]).as("UPDATEs at the resync").isZero();
  }

  @Test
  void aSecondDomainOfTheZoneReadsTheListingTheFirstOneTook() throws Exception {
    ProviderRecordPublisher publisher =
        new ProviderRecordPublisher(
            null,
            (ns, ref) -> bind.keySecretBase64(),
            new AuthoritativeServers(Duration.ofSeconds(2)),
            new OperatorMetrics(new SimpleMeterRegistry()),
            new SharedProviders(new MutableClock(Instant.EPOCH), Duration.ofMinutes(10)));
    publisher.publish(request("b.pub.test", Set.of()));

    long queries = bind.opcodes()[0];
    PublishOutcome c = publisher.publish(request("c.pub.test", Set.of()));

    assertThat(c.verified()).isTrue();
    // Only the verification of c's three new sets (SPF, DMARC, ownership marker): no read.
    assertThat(bind.opcodes()[0] - queries).isEqualTo(3);
  }
}
