package dev.senderdomain.operator.dns.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.PlanResult;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DnsProviderAdapter} must show, whatever it talks to. A provider's test
 * extends this, starts (or stubs) its server with zone {@link #zone()} and returns an adapter for
 * it.
 */
public abstract class DnsProviderContract {
  /** A 2048-bit RSA DKIM value: longer than one 255-octet TXT string (RFC 1035 3.3.14). */
  protected static final String LONG_DKIM =
      "v=DKIM1; k=rsa; p="
          + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
          + "x".repeat(340)
          + "IDAQAB";

  protected abstract DnsProviderAdapter adapter();

  /** The zone the server is authoritative for, e.g. {@code contract.test}. */
  protected abstract String zone();

  /** A fresh owner name per test so tests never see each other's records. */
  protected String uniqueName(String label) {
    return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "." + zone();
  }

  protected List<RecordSet> read(RecordSet... sets) throws DnsProviderException {
    return adapter().read(java.util.Arrays.stream(sets).map(RecordSet::key).toList());
  }

  protected static ChangeSet create(RecordSet... sets) {
    return new ChangeSet(List.of(sets), List.of(), List.of());
  }

  @Test
  void createdRecordSetsAreReadBackWithTheirValuesAndTtl() throws Exception {
    RecordSet txt =
        new RecordSet(
            uniqueName("spf"), RecordType.TXT, 300, List.of("v=spf1 ip4:192.0.2.0/24 -all"));
    RecordSet mx =
        new RecordSet(
            uniqueName("bounce"),
            RecordType.MX,
            300,
            List.of("10 mx1.mailer.example.net", "20 mx2.mailer.example.net"));
    RecordSet cname =
        new RecordSet(
            uniqueName("clicks"), RecordType.CNAME, 300, List.of("track.mailer.example.net"));
    adapter().apply(create(txt, mx, cname));
    assertThat(read(txt, mx, cname)).containsExactlyInAnyOrder(txt, sorted(mx), cname);
  }

  @Test
  void aTxtValueLongerThan255OctetsComesBackWhole() throws Exception {
    RecordSet dkim =
        new RecordSet(
            "sel1._domainkey." + uniqueName("long"), RecordType.TXT, 300, List.of(LONG_DKIM));
    adapter().apply(create(dkim));
    assertThat(read(dkim)).containsExactly(dkim);
  }

  @Test
  void anUpdateReplacesTheSetAndKeepsForeignValuesItCarries() throws Exception {
    String name = uniqueName("apex");
    RecordSet before =
        new RecordSet(
            name,
            RecordType.TXT,
            300,
            List.of("google-site-verification=abc123", "v=spf1 ip4:192.0.2.1 -all"));
    adapter().apply(create(before));
    RecordSet after =
        new RecordSet(
            name,
            RecordType.TXT,
            300,
            List.of("google-site-verification=abc123", "v=spf1 ip4:192.0.2.2 -all"));
    adapter()
        .apply(new ChangeSet(List.of(), List.of(new ChangeSet.Update(before, after)), List.of()));
    assertThat(read(after)).hasSize(1);
    assertThat(read(after).get(0).values()).containsExactlyInAnyOrderElementsOf(after.values());
  }

  @Test
  void aDeleteRemovesOnlyThatSet() throws Exception {
    String name = uniqueName("both");
    RecordSet txt = new RecordSet(name, RecordType.TXT, 300, List.of("keep me"));
    RecordSet mx = new RecordSet(name, RecordType.MX, 300, List.of("10 mx.example.net"));
    adapter().apply(create(txt, mx));
    adapter().apply(new ChangeSet(List.of(), List.of(), List.of(mx)));
    assertThat(adapter().read(List.of(txt.key(), mx.key()))).containsExactly(txt);
  }

  @Test
  void readingSetsThatDoNotExistReturnsNothing() throws Exception {
    assertThat(adapter().read(List.of(new RecordKey(uniqueName("absent"), RecordType.TXT))))
        .isEmpty();
  }

  /**
   * The operator's own read-plan-apply cycle (the one {@code DomainPublisher} runs on every
   * reconcile), twice with the same desired records: what the adapter reads back must be what it
   * wrote, in every detail the planner compares (TXT strings joined, host names normalized, TTL),
   * or every resync would write again.
   */
  @Test
  void applyingTheSameDesiredStateTwiceWritesNothingTheSecondTime() throws Exception {
    String domain = uniqueName("idem");
    List<DnsRecord> desired =
        List.of(
            new DnsRecord(domain, RecordType.TXT, 300, "v=spf1 ip4:192.0.2.0/24 -all"),
            new DnsRecord("sel1._domainkey." + domain, RecordType.TXT, 300, LONG_DKIM),
            new DnsRecord("_dmarc." + domain, RecordType.TXT, 300, "v=DMARC1; p=none"),
            new DnsRecord("bounce." + domain, RecordType.MX, 300, "10 mx1.mailer.example.net"),
            new DnsRecord("clicks." + domain, RecordType.CNAME, 300, "track.mailer.example.net"));
    Owner owner = new Owner("contract", "idem");

    PlanResult first =
        DomainPublisher.plan(adapter(), owner, domain, desired, PlanOptions.DEFAULT).result();
    assertThat(first.changes().creates()).hasSize(desired.size() + 1); // and the ownership marker
    adapter().apply(first.changes());
    List<RecordKey> keys = first.expected().stream().map(RecordSet::key).toList();
    List<RecordSet> written = adapter().read(keys);
    assertThat(written).containsExactlyInAnyOrderElementsOf(first.expected());

    PlanResult second =
        DomainPublisher.plan(adapter(), owner, domain, desired, PlanOptions.DEFAULT).result();
    assertThat(second.changes().isEmpty()).as("%s", second.changes().describe()).isTrue();
    assertThat(second.conflicts()).isEmpty();
    adapter().apply(second.changes());
    assertThat(adapter().read(keys)).containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void anUpdateThatOnlyChangesTheTtlIsApplied() throws Exception {
    RecordSet before =
        new RecordSet(uniqueName("ttl"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    adapter().apply(create(before));
    RecordSet after = new RecordSet(before.name(), RecordType.TXT, 900, before.values());
    adapter()
        .apply(new ChangeSet(List.of(), List.of(new ChangeSet.Update(before, after)), List.of()));
    assertThat(read(after)).containsExactly(after);
  }

  @Test
  void aSetHoldingALongAndAShortTxtValueKeepsThemApart() throws Exception {
    RecordSet set =
        new RecordSet(
            "sel2._domainkey." + uniqueName("mixed"),
            RecordType.TXT,
            300,
            List.of("short=1", LONG_DKIM).stream().sorted().toList());
    adapter().apply(create(set));
    assertThat(read(set)).containsExactly(set);
  }

  @Test
  void aZoneListingHoldsWhatReadingEachSetReturns() throws Exception {
    String name = uniqueName("listing");
    RecordSet spf = new RecordSet(name, RecordType.TXT, 300, List.of("v=spf1 -all"));
    RecordSet dkim =
        new RecordSet("s1._domainkey." + name, RecordType.TXT, 300, List.of(LONG_DKIM));
    RecordSet mx =
        new RecordSet("bounce." + name, RecordType.MX, 300, List.of("10 mx.example.net"));
    adapter().apply(create(spf, dkim, mx));

    java.util.Optional<String> zone = adapter().zoneFor(name);
    // A provider that cannot list whole zones says so by not naming one; it is then read per set.
    org.junit.jupiter.api.Assumptions.assumeTrue(zone.isPresent());
    java.util.Optional<List<RecordSet>> listing = adapter().readZone(zone.get());
    org.junit.jupiter.api.Assumptions.assumeTrue(listing.isPresent());
    List<RecordSet> ours =
        listing.get().stream()
            .filter(s -> s.name().equals(name) || s.name().endsWith("." + name))
            .toList();
    assertThat(ours).containsExactlyInAnyOrderElementsOf(read(spf, dkim, mx));
    assertThat(ours).hasSize(3);
  }

  private static RecordSet sorted(RecordSet s) {
    return new RecordSet(s.name(), s.type(), s.ttl(), s.values().stream().sorted().toList());
  }
}
