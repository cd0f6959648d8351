package dev.senderdomain.operator.dns.provider.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SecretKeySelector;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderContract;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import dev.senderdomain.operator.testsupport.PowerDnsServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The PowerDNS adapter against a real {@code pdns_server} (Debian pdns-server + SQLite backend)
 * started on 127.0.0.1 by {@link PowerDnsServer}: every contract case goes through its HTTP API,
 * and one case asks the same server over DNS to prove the records are really served.
 */
class PowerDnsAdapterTest extends DnsProviderContract {
  private static final String ZONE = "contract.test";
  private static PowerDnsServer pdns;
  private static DnsProviderAdapter adapter;

  @BeforeAll
  static void startPowerDns() throws Exception {
    pdns = PowerDnsServer.start();
    pdns.createZone(ZONE);
    pdns.createZone("deep." + ZONE);
    adapter = PowerDnsAdapter.create(spec(pdns.apiUrl(), ZONE), pdns.apiKey());
  }

  @AfterAll
  static void stopPowerDns() throws Exception {
    if (pdns != null) {
      pdns.close();
    }
  }

  /**
   * PowerDNS replaces on create (its API has no prerequisites); what it refuses is a CNAME beside
   * other data at one name (HTTP 422; RFC 1034 3.6.2).
   */
  @Override
  protected ChangeSet refusedChange(RecordSet existing) {
    return create(
        new RecordSet(existing.name(), RecordType.CNAME, 300, List.of("target.example.net")));
  }

  @Override
  protected DnsProviderAdapter adapter() {
    return adapter;
  }

  @Override
  protected String zone() {
    return ZONE;
  }

  static DnsProviderSpec.PowerDns spec(String url, String zone) {
    DnsProviderSpec.PowerDns s = new DnsProviderSpec.PowerDns();
    s.url = url;
    s.zone = zone;
    return s;
  }

  @Test
  void theRecordsAreServedOverDnsWithTheLongTxtSplitInto255OctetStrings() throws Exception {
    RecordSet dkim =
        new RecordSet(
            "sel1._domainkey." + uniqueName("dns"), RecordType.TXT, 300, List.of(LONG_DKIM));
    adapter.apply(create(dkim));

    SimpleResolver resolver =
        new SimpleResolver(new InetSocketAddress("127.0.0.1", pdns.dnsPort()));
    resolver.setTimeout(Duration.ofSeconds(3));
    Lookup lookup = new Lookup(Name.fromString(dkim.name() + "."), Type.TXT);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] answers = lookup.run();

    assertThat(lookup.getResult()).as(lookup.getErrorString()).isEqualTo(Lookup.SUCCESSFUL);
    assertThat(answers).hasSize(1);
    List<String> strings = ((TXTRecord) answers[0]).getStrings();
    assertThat(strings)
        .hasSizeGreaterThan(1)
        .allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
    assertThat(String.join("", strings)).isEqualTo(LONG_DKIM);
  }

  @Test
  void withoutAZoneTheLongestZoneOnTheServerIsUsed() throws Exception {
    DnsProviderAdapter discovering =
        PowerDnsAdapter.create(spec(pdns.apiUrl(), null), pdns.apiKey());
    RecordSet txt =
        new RecordSet("_dmarc.deep." + ZONE, RecordType.TXT, 300, List.of("v=DMARC1; p=none"));
    discovering.apply(create(txt));

    DnsProviderAdapter deepZone =
        PowerDnsAdapter.create(spec(pdns.apiUrl(), "deep." + ZONE), pdns.apiKey());
    assertThat(deepZone.read(List.of(txt.key()))).containsExactly(txt);
    assertThat(discovering.read(List.of(txt.key()))).containsExactly(txt);
  }

  @Test
  void aNameOutsideEveryZoneIsAPermanentZoneNotFound() {
    DnsProviderAdapter discovering =
        PowerDnsAdapter.create(spec(pdns.apiUrl(), null), pdns.apiKey());
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () ->
                discovering.read(
                    List.of(new RecordKey("_dmarc.elsewhere.example", RecordType.TXT))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound);
    assertThat(e.permanent()).isTrue();
  }

  @Test
  void aConfiguredZoneTheServerDoesNotHaveIsAPermanentZoneNotFound() {
    DnsProviderAdapter missing =
        PowerDnsAdapter.create(spec(pdns.apiUrl(), "missing.test"), pdns.apiKey());
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () ->
                missing.apply(
                    create(new RecordSet("x.missing.test", RecordType.TXT, 60, List.of("a")))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound);
    assertThat(e.permanent()).isTrue();
  }

  @Test
  void aWrongApiKeyIsPermanentUnauthorizedAndTheKeyIsNeverShown() {
    String wrongKey = "wrong-key-0123456789";
    DnsProviderAdapter wrong = PowerDnsAdapter.create(spec(pdns.apiUrl(), ZONE), wrongKey);
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () -> wrong.read(List.of(new RecordKey(uniqueName("x"), RecordType.TXT))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).doesNotContain(wrongKey).doesNotContain(pdns.apiKey());
    assertThat(wrong.toString()).doesNotContain(wrongKey);
    assertThat(adapter.toString()).doesNotContain(pdns.apiKey());
  }

  @Test
  void aChangeThePowerDnsRefusesIsPermanentRejectedWithItsMessage() throws Exception {
    String name = uniqueName("conflict");
    adapter.apply(create(new RecordSet(name, RecordType.TXT, 300, List.of("present"))));
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () ->
                adapter.apply(
                    create(
                        new RecordSet(
                            name, RecordType.CNAME, 300, List.of("target.example.net")))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.Rejected);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).containsIgnoringCase("conflict").doesNotContain(pdns.apiKey());
  }

  @Test
  void aStoppedServerIsATransientUnreachable() throws Exception {
    PowerDnsServer stopped = PowerDnsServer.start();
    String url = stopped.apiUrl();
    String key = stopped.apiKey();
    stopped.close();
    DnsProviderAdapter down = PowerDnsAdapter.create(spec(url, ZONE), key);
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () ->
                down.apply(
                    create(new RecordSet(uniqueName("down"), RecordType.TXT, 60, List.of("a")))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.Unreachable);
    assertThat(e.permanent()).isFalse();
    assertThat(e.getMessage()).doesNotContain(key);
  }

  @Test
  void disabledOrForeignRecordsInTheSetTravelWithAReplace() throws Exception {
    String name = uniqueName("apex");
    RecordSet mine = new RecordSet(name, RecordType.TXT, 300, List.of("v=spf1 -all"));
    adapter.apply(create(mine));
    RecordSet withForeign =
        new RecordSet(name, RecordType.TXT, 300, List.of("foreign=1", "v=spf1 -all"));
    adapter.apply(
        new ChangeSet(List.of(), List.of(new ChangeSet.Update(mine, withForeign)), List.of()));
    assertThat(adapter.read(List.of(mine.key()))).containsExactly(withForeign);
  }

  @Test
  void aMissingUrlOrKeyIsRefusedNamingTheField() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> PowerDnsAdapter.create(spec(null, ZONE), "k")))
        .hasMessageContaining("powerdns.url");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> PowerDnsAdapter.create(spec("ftp://x", ZONE), "k")))
        .hasMessageContaining("powerdns.url");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> PowerDnsAdapter.create(spec(pdns.apiUrl(), ZONE), " ")))
        .hasMessageContaining("apiKeySecretRef");
  }

  @Test
  void theRegistryFactoryReadsTheApiKeyFromTheReferencedSecret() throws Exception {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.powerdns = spec(pdns.apiUrl(), ZONE);
    spec.powerdns.apiKeySecretRef = new SecretKeySelector("pdns", "api-key");
    List<String> asked = new java.util.ArrayList<>();
    SecretResolver secrets =
        (ns, ref) -> {
          asked.add(ns + "/" + ref.name + "/" + ref.key);
          return pdns.apiKey();
        };
    DnsProviderAdapter fromSpec = PowerDnsAdapter.fromSpec(spec, "mail", secrets);
    RecordSet s = new RecordSet(uniqueName("reg"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    fromSpec.apply(create(s));
    assertThat(fromSpec.read(List.of(s.key()))).containsExactly(s);
    assertThat(asked).containsExactly("mail/pdns/api-key");

    spec.powerdns.apiKeySecretRef = null;
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class, () -> PowerDnsAdapter.fromSpec(spec, "mail", secrets));
    assertThat(e.reason()).isEqualTo(ProviderFailure.InvalidProvider);
    assertThat(e.getMessage()).contains("spec.powerdns.apiKeySecretRef");
  }
}
