package dev.senderdomain.operator.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.Conflict;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.PlanResult;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.SpfBudget;
import dev.senderdomain.operator.dns.Verifier;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter;
import dev.senderdomain.operator.testsupport.BindServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plan, apply and verify against a real BIND 9 whose zone already holds somebody else's records.
 */
class DomainPublisherBindTest {
  static final Owner OWNER = new Owner("mail", "shop");
  static BindServer bind;

  @BeforeAll
  static void start() {
    bind =
        BindServer.start(
            List.of("shop.test", "other.test"),
            Map.of(
                "shop.test",
                    List.of(
                        "@ TXT \"google-site-verification=abc123\"",
                        "www CNAME shop.test.",
                        "_spf TXT \"v=spf1 a mx include:_inner.shop.test include:_gone.shop.test -all\"",
                        "_inner TXT \"v=spf1 ip4:198.51.100.0/24 exists:%{i}.x.shop.test -all\""),
                "other.test",
                    List.of(
                        "@ TXT \"v=spf1 include:_spf.google.com ~all\"",
                        "_dmarc TXT \"v=DMARC1; p=reject\"")));
  }

  @AfterAll
  static void stop() {
    bind.close();
  }

  static List<DnsRecord> desired(String domain, String dmarc) {
    return List.of(
        new DnsRecord(domain, RecordType.TXT, 300, "v=spf1 ip4:192.0.2.0/24 -all"),
        new DnsRecord(
            "s1._domainkey." + domain, RecordType.TXT, 300, "v=DKIM1; k=rsa; p=" + "A".repeat(392)),
        new DnsRecord("_dmarc." + domain, RecordType.TXT, 300, dmarc),
        new DnsRecord("clicks." + domain, RecordType.CNAME, 300, "track.mailer.example.net"));
  }

  @Test
  void firstPublishWritesOnceThenSteadyStateSendsNoUpdateAndDriftIsRepaired() throws Exception {
    Rfc2136Adapter adapter = new Rfc2136Adapter(bind.settings(null));
    List<DnsRecord> want = desired("shop.test", "v=DMARC1; p=none");
    PlanResult first =
        DomainPublisher.plan(adapter, OWNER, "shop.test", want, PlanOptions.DEFAULT).result();
    assertThat(first.conflicts()).isEmpty();
    adapter.apply(first.changes());
    assertThat(adapter.updatesSent()).isEqualTo(1);

    Verifier verifier = new Verifier(List.of(bind.address()), Duration.ofSeconds(2));
    Verifier.Result served = verifier.verify(first.expected(), first.absent());
    assertThat(served.allServed()).as(served.missing().toString()).isTrue();
    assertThat(adapter.read(List.of(new RecordKey("shop.test", RecordType.TXT))).get(0).values())
        .containsExactly("google-site-verification=abc123", "v=spf1 ip4:192.0.2.0/24 -all");

    long serial = bind.serial("shop.test");
    PlanResult second =
        DomainPublisher.plan(adapter, OWNER, "shop.test", want, PlanOptions.DEFAULT).result();
    assertThat(second.changes().isEmpty()).as(second.changes().describe().toString()).isTrue();
    adapter.apply(second.changes());
    assertThat(adapter.updatesSent()).isEqualTo(1);
    assertThat(bind.serial("shop.test")).isEqualTo(serial);

    // Someone deletes our DKIM record behind our back: the next plan recreates exactly that one.
    RecordSet dkim =
        adapter.read(List.of(new RecordKey("s1._domainkey.shop.test", RecordType.TXT))).get(0);
    adapter.apply(new ChangeSet(List.of(), List.of(), List.of(dkim)));
    PlanResult repair =
        DomainPublisher.plan(adapter, OWNER, "shop.test", want, PlanOptions.DEFAULT).result();
    assertThat(repair.changes().creates()).containsExactly(dkim);
    assertThat(repair.changes().size()).isEqualTo(1);
    adapter.apply(repair.changes());
    assertThat(verifier.verify(repair.expected(), repair.absent()).allServed()).isTrue();
  }

  @Test
  void foreignSpfAndDmarcAreReportedAndLeftAloneUnlessMergeIsAsked() throws Exception {
    Rfc2136Adapter adapter = new Rfc2136Adapter(bind.settings("other.test"));
    List<DnsRecord> want = desired("other.test", "v=DMARC1; p=none");
    PlanResult refused =
        DomainPublisher.plan(adapter, OWNER, "other.test", want, PlanOptions.DEFAULT).result();
    assertThat(refused.conflicts())
        .extracting(Conflict::kind)
        .containsExactlyInAnyOrder(
            Conflict.Kind.ForeignSpfRecord, Conflict.Kind.ForeignDmarcRecord);
    adapter.apply(refused.changes());
    assertThat(adapter.read(List.of(new RecordKey("other.test", RecordType.TXT))).get(0).values())
        .containsExactly("v=spf1 include:_spf.google.com ~all");
    assertThat(
            adapter
                .read(List.of(new RecordKey("_dmarc.other.test", RecordType.TXT)))
                .get(0)
                .values())
        .containsExactly("v=DMARC1; p=reject");

    PlanResult merged =
        DomainPublisher.plan(adapter, OWNER, "other.test", want, PlanOptions.spfMerge(true))
            .result();
    adapter.apply(merged.changes());
    assertThat(adapter.read(List.of(new RecordKey("other.test", RecordType.TXT))).get(0).values())
        .containsExactly("v=spf1 include:_spf.google.com ip4:192.0.2.0/24 ~all");
    int sent = adapter.updatesSent();
    assertThat(
            DomainPublisher.plan(adapter, OWNER, "other.test", want, PlanOptions.spfMerge(true))
                .result()
                .changes()
                .isEmpty())
        .isTrue();
    assertThat(adapter.updatesSent()).isEqualTo(sent);
  }

  @Test
  void theSpfBudgetFollowsIncludesOnARealServerAndCountsVoidLookups() throws Exception {
    org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver(bind.address());
    SpfBudget.Result r =
        SpfBudget.count("v=spf1 include:_spf.shop.test mx -all", SpfBudget.lookupWith(resolver));
    // include + (a, mx, include:_inner + exists, include:_gone) + mx = 7; _gone has no record: one
    // void lookup.
    assertThat(r.lookups()).isEqualTo(7);
    assertThat(r.voidLookups()).isEqualTo(1);
    assertThat(r.problems()).singleElement().asString().contains("_gone.shop.test");
  }

  @Test
  void anUnreachableServerMakesTheBudgetUnknownNotExceeded() throws Exception {
    org.xbill.DNS.SimpleResolver nobody =
        new org.xbill.DNS.SimpleResolver(
            new java.net.InetSocketAddress(
                "127.0.0.1", dev.senderdomain.operator.testsupport.DnsTestServer.freePort()));
    nobody.setTimeout(Duration.ofMillis(300));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SpfBudget.count("v=spf1 include:_spf.shop.test -all", SpfBudget.lookupWith(nobody)))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }

  @Test
  void theVerifierReportsWhatIsNotServed() {
    Verifier verifier = new Verifier(List.of(bind.address()), Duration.ofSeconds(2));
    RecordSet never = new RecordSet("never.shop.test", RecordType.TXT, 300, List.of("x"));
    RecordSet www = new RecordSet("www.shop.test", RecordType.CNAME, 300, List.of("shop.test"));
    Verifier.Result r = verifier.verify(List.of(never, www), List.of(www.key()));
    assertThat(r.served()).containsExactly(www.key());
    assertThat(r.missing()).containsKeys(never.key(), www.key());
    assertThat(r.missing().get(www.key())).contains("still serves");
  }
}
