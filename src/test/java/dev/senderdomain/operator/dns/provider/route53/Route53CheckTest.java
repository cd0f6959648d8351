package dev.senderdomain.operator.dns.provider.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.provider.Backoff;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Route 53 adapter's check (a provider's Ready) against {@link Route53Stub}. */
class Route53CheckTest {
  private static final String KEY_ID = "AKIASTUBCHECK0000001";
  private static final String SECRET = "stub/Check+Secret+Key/0123456789abcdefghij";
  private static final String ZONE = "check.test";

  private Route53Stub stub;
  private String zoneId;

  @BeforeEach
  void startStub() throws Exception {
    stub = new Route53Stub(KEY_ID, SECRET);
    zoneId = stub.addZone(ZONE, false);
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  @Test
  void aHostedZoneNamedByNameOrIdOrNoneIsCheckedWithTheCredentials() throws Exception {
    assertThat(check(ZONE, null, SECRET))
        .isEqualTo(
            "Route 53 accepted the credentials and lists hosted zone " + zoneId + " (check.test)");
    assertThat(check(null, zoneId, SECRET)).endsWith("lists hosted zone " + zoneId);
    assertThat(check(null, null, SECRET)).contains("no zone is named");
  }

  @Test
  void credentialsAwsRefusesAreUnauthorizedWithoutTheSecretInTheMessage() {
    String wrong = "stub/Wrong+Secret+Key/9876543210zyxwvutsrq";
    assertThatThrownBy(() -> check(ZONE, null, wrong))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
              assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(SECRET);
            });
  }

  @Test
  void aHostedZoneTheCredentialsCannotSeeIsZoneNotFound() {
    assertThatThrownBy(() -> check("other.test", null, SECRET))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound));
    assertThatThrownBy(() -> check(null, "Z0000000000000NOSUCH", SECRET))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound));
  }

  private String check(String zone, String id, String secret) throws DnsProviderException {
    DnsProviderSpec.Route53 s = new DnsProviderSpec.Route53();
    s.zone = zone;
    s.hostedZoneId = id;
    s.endpoint = stub.endpoint();
    s.region = "us-east-1";
    try (DnsProviderAdapter adapter =
        Route53Adapter.create(
            s,
            KEY_ID,
            secret,
            new Backoff(2, Duration.ofMillis(1), Duration.ofMillis(2), d -> {}))) {
      return adapter.check();
    }
  }
}
