package dev.senderdomain.operator.dns.provider.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.provider.Backoff;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.testsupport.PowerDnsServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PowerDNS adapter's check (a provider's Ready) against a real {@code pdns_server}. */
class PowerDnsCheckTest {
  private static PowerDnsServer pdns;

  @BeforeAll
  static void startPowerDns() throws Exception {
    pdns = PowerDnsServer.start();
    pdns.createZone("check.test");
  }

  @AfterAll
  static void stopPowerDns() throws Exception {
    if (pdns != null) {
      pdns.close();
    }
  }

  @Test
  void theApiKeyIsAcceptedAndTheNamedZoneServed() throws Exception {
    assertThat(check("check.test", pdns.apiKey()))
        .isEqualTo(
            "PowerDNS at " + pdns.apiUrl() + " accepted the API key and serves zone check.test");
    assertThat(check(null, pdns.apiKey())).endsWith("lists 1 zone(s)");
  }

  @Test
  void aWrongApiKeyIsUnauthorizedWithoutTheKeyInTheMessage() {
    assertThatThrownBy(() -> check("check.test", "not-the-api-key-4711"))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
              assertThat(e.getMessage())
                  .doesNotContain("not-the-api-key-4711")
                  .doesNotContain(pdns.apiKey());
            });
  }

  @Test
  void aZoneTheServerDoesNotHoldIsZoneNotFound() {
    assertThatThrownBy(() -> check("other.test", pdns.apiKey()))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound);
              assertThat(e.getMessage()).contains("serves no zone other.test");
            });
  }

  private static String check(String zone, String apiKey) throws DnsProviderException {
    DnsProviderSpec.PowerDns s = new DnsProviderSpec.PowerDns();
    s.url = pdns.apiUrl();
    s.zone = zone;
    return PowerDnsAdapter.create(
            s, apiKey, new Backoff(2, Duration.ofMillis(1), Duration.ofMillis(2), d -> {}))
        .check();
  }
}
