package dev.senderdomain.operator.dns.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderContract;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.testsupport.DnsTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider contract plus what is specific to RFC 2136, run against each real server by a
 * subclass.
 */
abstract class Rfc2136Contract extends DnsProviderContract {
  protected abstract DnsTestServer server();

  private Rfc2136Adapter adapter;

  @Override
  protected Rfc2136Adapter adapter() {
    if (adapter == null) {
      adapter = new Rfc2136Adapter(server().settings(zone()));
    }
    return adapter;
  }

  @Override
  protected String zone() {
    return "contract.test";
  }

  @Override
  protected java.util.OptionalLong writeRequests() {
    return java.util.OptionalLong.of(adapter().updatesSent());
  }

  @Test
  void fourHundredDkimSizedRecordsGoOutInSeveralMessagesAndAreAllServed() throws Exception {
    String base = uniqueName("bulk");
    List<RecordSet> sets = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      sets.add(
          new RecordSet("s" + i + "._domainkey." + base, RecordType.TXT, 300, List.of(LONG_DKIM)));
    }
    Rfc2136Adapter a = adapter();
    int before = a.updatesSent();
    a.apply(new ChangeSet(sets, List.of(), List.of()));
    int messages = a.updatesSent() - before;
    // ~450 octets per record: 400 of them are ~180 kB, so at least 3 messages of at most 60,000
    // octets.
    assertThat(messages).isBetween(3, 6);
    assertThat(a.read(sets.stream().map(RecordSet::key).toList()))
        .containsExactlyInAnyOrderElementsOf(sets);
  }

  @Test
  void anUpdateBasedOnAStaleReadIsRefusedAsAConcurrentEditAndChangesNothing() throws Exception {
    String name = uniqueName("race");
    RecordSet original =
        new RecordSet(name, RecordType.TXT, 300, List.of("v=spf1 ip4:192.0.2.1 -all"));
    adapter().apply(create(original));
    // Somebody else edits the set after we read it.
    RecordSet theirs =
        new RecordSet(name, RecordType.TXT, 300, List.of("v=spf1 ip4:198.51.100.7 -all"));
    Rfc2136Adapter other = new Rfc2136Adapter(server().settings(zone()));
    other.apply(
        new ChangeSet(List.of(), List.of(new ChangeSet.Update(original, theirs)), List.of()));
    RecordSet ours = new RecordSet(name, RecordType.TXT, 300, List.of("v=spf1 ip4:192.0.2.2 -all"));
    assertThatThrownBy(
            () ->
                adapter()
                    .apply(
                        new ChangeSet(
                            List.of(), List.of(new ChangeSet.Update(original, ours)), List.of())))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.ConcurrentEdit);
              assertThat(e.permanent()).isFalse();
            });
    assertThat(adapter().read(List.of(original.key()))).containsExactly(theirs);
  }

  @Test
  void creatingASetThatAppearedMeanwhileIsAConcurrentEdit() throws Exception {
    RecordSet set =
        new RecordSet(uniqueName("dup"), RecordType.TXT, 300, List.of("v=DMARC1; p=none"));
    adapter().apply(create(set));
    RecordSet again = new RecordSet(set.name(), RecordType.TXT, 300, List.of("v=DMARC1; p=reject"));
    assertThatThrownBy(() -> adapter().apply(create(again)))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderFailure.ConcurrentEdit));
    assertThat(adapter().read(List.of(set.key()))).containsExactly(set);
  }

  @Test
  void aWrongTsigSecretIsAPermanentUnauthorizedErrorThatDoesNotShowTheSecret() {
    byte[] wrong = new byte[32];
    Rfc2136Adapter bad = new Rfc2136Adapter(server().settings(zone()).withTsigSecret(wrong));
    RecordSet set = new RecordSet(uniqueName("badkey"), RecordType.TXT, 300, List.of("x"));
    assertThatThrownBy(() -> bad.apply(create(set)))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
              assertThat(e.permanent()).isTrue();
              assertThat(e.getMessage())
                  .contains(DnsTestServer.KEY_NAME)
                  .doesNotContain(server().keySecretBase64())
                  .doesNotContain(java.util.Base64.getEncoder().encodeToString(wrong));
            });
    assertThat(bad.toString()).doesNotContain(server().keySecretBase64());
  }

  @Test
  void anHmacSha512KeyIsAcceptedToo() throws Exception {
    Rfc2136Adapter sha512 = new Rfc2136Adapter(server().settings512(zone()));
    RecordSet set =
        new RecordSet(
            uniqueName("sha512"), RecordType.TXT, 300, List.of("signed with hmac-sha512"));
    sha512.apply(create(set));
    assertThat(sha512.read(List.of(set.key()))).containsExactly(set);
  }

  @Test
  void aServerThatIsDownIsATransientUnreachableError() {
    int nobody = DnsTestServer.freePort();
    Rfc2136Adapter down =
        new Rfc2136Adapter(
            new Rfc2136Settings(
                "127.0.0.1", nobody, zone(), null, null, null, Duration.ofMillis(500)));
    RecordSet set = new RecordSet(uniqueName("down"), RecordType.TXT, 300, List.of("x"));
    assertThatThrownBy(() -> down.apply(create(set)))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.Unreachable);
              assertThat(e.permanent()).isFalse();
            });
    assertThatThrownBy(() -> down.read(List.of(set.key())))
        .isInstanceOfSatisfying(
            DnsProviderException.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void withoutAConfiguredZoneTheZoneIsFoundFromTheSoa() throws Exception {
    Rfc2136Adapter discovering = new Rfc2136Adapter(server().settings(null));
    String name = "a.b." + uniqueName("deep");
    assertThat(discovering.zoneOf(name).toString()).isEqualTo(zone() + ".");
    RecordSet set = new RecordSet(name, RecordType.TXT, 300, List.of("found by SOA"));
    discovering.apply(create(set));
    assertThat(discovering.read(List.of(set.key()))).containsExactly(set);
  }

  @Test
  void aCnameToAnotherDomainIsDeletedInItsOwnZoneWhenTheZoneIsFoundFromTheSoa() throws Exception {
    Rfc2136Adapter creating = new Rfc2136Adapter(server().settings(null));
    RecordSet cname =
        new RecordSet(
            uniqueName("clicks"), RecordType.CNAME, 300, List.of("track.mailer.example.net"));
    creating.apply(create(cname));
    // A new adapter (a later reconcile, the deletion) asks for the zone of a name that now holds
    // a CNAME: the server answers with the CNAME, not with the zone's SOA.
    Rfc2136Adapter deleting = new Rfc2136Adapter(server().settings(null));
    assertThat(deleting.zoneOf(cname.name()).toString()).isEqualTo(zone() + ".");
    List<RecordSet> read = deleting.read(List.of(cname.key()));
    assertThat(read).containsExactly(cname);
    deleting.apply(new ChangeSet(List.of(), List.of(), read));
    assertThat(deleting.read(List.of(cname.key()))).isEmpty();
  }

  @Test
  void aNameOutsideEveryServedZoneIsAPermanentError() {
    Rfc2136Adapter discovering = new Rfc2136Adapter(server().settings(null));
    assertThatThrownBy(() -> discovering.zoneOf("www.not-served.example"))
        .isInstanceOfSatisfying(
            DnsProviderException.class, e -> assertThat(e.permanent()).isTrue());
  }

  @Test
  void foreignMultiStringTxtValuesSurviveAnUpdateOfTheirSet() throws Exception {
    String name = uniqueName("multi");
    // A foreign value written as two character-strings by someone else; we read it joined.
    Rfc2136Adapter other = new Rfc2136Adapter(server().settings(zone()));
    org.xbill.DNS.Update u = new org.xbill.DNS.Update(org.xbill.DNS.Name.fromString(zone() + "."));
    u.add(
        new org.xbill.DNS.TXTRecord(
            org.xbill.DNS.Name.fromString(name + "."),
            org.xbill.DNS.DClass.IN,
            300,
            List.of("verify-", "me")));
    org.xbill.DNS.SimpleResolver r = new org.xbill.DNS.SimpleResolver(server().address());
    r.setTCP(true);
    r.setTSIGKey(
        new org.xbill.DNS.TSIG(
            org.xbill.DNS.TSIG.HMAC_SHA256,
            org.xbill.DNS.Name.fromString(DnsTestServer.KEY_NAME + "."),
            server().keySecret()));
    assertThat(r.send(u).getRcode()).isZero();
    RecordSet read = other.read(List.of(new RecordKey(name, RecordType.TXT))).get(0);
    assertThat(read.values()).containsExactly("verify-me");
    RecordSet after = new RecordSet(name, RecordType.TXT, 300, List.of("v=spf1 -all", "verify-me"));
    other.apply(new ChangeSet(List.of(), List.of(new ChangeSet.Update(read, after)), List.of()));
    assertThat(other.read(List.of(after.key()))).containsExactly(after);
  }
}
