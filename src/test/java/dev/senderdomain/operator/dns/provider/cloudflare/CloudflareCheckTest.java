package dev.senderdomain.operator.dns.provider.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.provider.Backoff;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloudflare adapter's check (a provider's Ready) against {@link CloudflareStub}. */
class CloudflareCheckTest {
  private static final String TOKEN = "cf-check-token-3d5e7f9a1b";
  private static final String ZONE = "check.test";

  private CloudflareStub stub;
  private String zoneId;

  @BeforeEach
  void startStub() throws Exception {
    stub = new CloudflareStub(TOKEN);
    zoneId = stub.addZone(ZONE);
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  @Test
  void aZoneNamedByNameOrIdOrNoneIsCheckedWithTheToken() throws Exception {
    assertThat(check(ZONE, null, TOKEN))
        .isEqualTo(
            "Cloudflare at "
                + stub.baseUrl()
                + " accepted the API token and serves zone check.test (id "
                + zoneId
                + ")");
    assertThat(check(null, zoneId, TOKEN)).contains("lists zone id " + zoneId);
    assertThat(check(null, null, TOKEN)).contains("no zone is named");
  }

  @Test
  void aTokenCloudflareRefusesIsUnauthorizedWithoutTheTokenInTheMessage() {
    assertThatThrownBy(() -> check(ZONE, null, "cf-wrong-token-0000"))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
              assertThat(e.getMessage()).doesNotContain("cf-wrong-token").doesNotContain(TOKEN);
            });
  }

  @Test
  void aZoneTheTokenCannotSeeIsZoneNotFound() {
    assertThatThrownBy(() -> check("other.test", null, TOKEN))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound));
    assertThatThrownBy(() -> check(null, "0000000000000000000000000000dead", TOKEN))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound));
  }

  private String check(String zone, String id, String token) throws DnsProviderException {
    DnsProviderSpec.Cloudflare s = new DnsProviderSpec.Cloudflare();
    s.zone = zone;
    s.zoneId = id;
    s.baseUrl = stub.baseUrl();
    return CloudflareAdapter.create(
            s, token, new Backoff(2, Duration.ofMillis(1), Duration.ofMillis(2), d -> {}))
        .check();
  }
}
