package dev.senderdomain.operator.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter;
import dev.senderdomain.operator.testsupport.BindServer;
import dev.senderdomain.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zone-level reads against real BIND 9: one server allows AXFR to the TSIG key, the other refuses
 * every transfer. The same reads must give the same RRsets either way; only the messages differ.
 */
class ZoneReadsBindTest {
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final Map<String, List<String>> RECORDS =
      Map.of(
          "zone.test",
          List.of(
              "a TXT \"v=spf1 -all\"",
              "_dmarc.a TXT \"v=DMARC1; p=none\"",
              // Split otherwise than the operator splits: prerequisites must repeat it exactly.
              "s1._domainkey.b TXT \"v=DKIM1; k=ed25519; \" \"p=abc\"",
              "clicks.b CNAME track.example.net.",
              "bounce.b MX 10 mx1.example.net."));
  static BindServer open;
  static BindServer closed;

  @BeforeAll
  static void start() {
    open = BindServer.start(List.of("zone.test"), RECORDS, true);
    closed = BindServer.start(List.of("zone.test"), RECORDS, false);
  }

  @AfterAll
  static void stop() {
    open.close();
    closed.close();
  }

  static List<RecordKey> keysOf(String domain) {
    return List.of(
        new RecordKey(domain, RecordType.TXT),
        new RecordKey("_dmarc." + domain, RecordType.TXT),
        new RecordKey("s1._domainkey." + domain, RecordType.TXT),
        new RecordKey("clicks." + domain, RecordType.CNAME),
        new RecordKey("bounce." + domain, RecordType.MX));
  }

  @Test
  void domainsOfOneZoneShareOneTransferAndReadWhatPerNameQueriesRead() throws Exception {
    Rfc2136Adapter rfc = new Rfc2136Adapter(open.settings("zone.test"));
    ZoneCachedAdapter cached = new ZoneCachedAdapter(rfc, new MutableClock(Instant.EPOCH), WINDOW);
    long queriesBefore = open.opcodes()[0];

    List<RecordSet> a = cached.read(keysOf("a.zone.test"));
    List<RecordSet> b = cached.read(keysOf("b.zone.test"));

    assertThat(rfc.transfersRequested()).isEqualTo(1);
    // The AXFR and nothing else: no query per RRset.
    assertThat(open.opcodes()[0] - queriesBefore).isEqualTo(1);
    Rfc2136Adapter perName = new Rfc2136Adapter(open.settings(null));
    assertThat(a).containsExactlyInAnyOrderElementsOf(perName.read(keysOf("a.zone.test")));
    assertThat(b).containsExactlyInAnyOrderElementsOf(perName.read(keysOf("b.zone.test")));
    assertThat(b)
        .extracting(RecordSet::key)
        .containsExactlyInAnyOrder(
            new RecordKey("s1._domainkey.b.zone.test", RecordType.TXT),
            new RecordKey("clicks.b.zone.test", RecordType.CNAME),
            new RecordKey("bounce.b.zone.test", RecordType.MX));
  }

  @Test
  void withoutAConfiguredZoneEachNameFindsItsZoneOnceAndANameAtACnameIsReadOnItsOwn()
      throws Exception {
    Rfc2136Adapter rfc = new Rfc2136Adapter(open.settings(null));
    ZoneCachedAdapter cached = new ZoneCachedAdapter(rfc, new MutableClock(Instant.EPOCH), WINDOW);

    List<RecordSet> b = cached.read(keysOf("b.zone.test"));
    cached.read(keysOf("b.zone.test"));

    assertThat(rfc.transfersRequested()).isEqualTo(1);
    assertThat(b)
        .containsExactlyInAnyOrderElementsOf(
            new Rfc2136Adapter(open.settings(null)).read(keysOf("b.zone.test")));
  }

  @Test
  void aServerThatRefusesTheTransferIsReadPerNameAndAskedOncePerWindow() throws Exception {
    Rfc2136Adapter rfc = new Rfc2136Adapter(closed.settings("zone.test"));
    MutableClock clock = new MutableClock(Instant.EPOCH);
    ZoneCachedAdapter cached = new ZoneCachedAdapter(rfc, clock, WINDOW);

    List<RecordSet> a = cached.read(keysOf("a.zone.test"));
    cached.read(keysOf("b.zone.test"));

    assertThat(rfc.readZone("zone.test")).isEmpty();
    assertThat(a)
        .containsExactlyInAnyOrderElementsOf(
            new Rfc2136Adapter(closed.settings("zone.test")).read(keysOf("a.zone.test")));
    // Two reads, one refused transfer (plus the direct call above).
    assertThat(rfc.transfersRequested()).isEqualTo(2);
    clock.advance(WINDOW);
    cached.read(keysOf("a.zone.test"));
    assertThat(rfc.transfersRequested()).isEqualTo(3);
  }

  @Test
  void ourOwnWritesUpdateTheListingAndOthersEditsAppearAfterTheWindow() throws Exception {
    Rfc2136Adapter rfc = new Rfc2136Adapter(open.settings("zone.test"));
    MutableClock clock = new MutableClock(Instant.EPOCH);
    ZoneCachedAdapter cached = new ZoneCachedAdapter(rfc, clock, WINDOW);
    RecordKey spf = new RecordKey("c.zone.test", RecordType.TXT);
    RecordKey other = new RecordKey("x.c.zone.test", RecordType.TXT);
    assertThat(cached.read(List.of(spf, other))).isEmpty();

    RecordSet ours = new RecordSet(spf.name(), RecordType.TXT, 300, List.of("v=spf1 -all"));
    cached.apply(new ChangeSet(List.of(ours), List.of(), List.of()));
    // Someone else writes next to it, straight to the server.
    new Rfc2136Adapter(open.settings("zone.test"))
        .apply(
            new ChangeSet(
                List.of(new RecordSet(other.name(), RecordType.TXT, 300, List.of("theirs"))),
                List.of(),
                List.of()));

    assertThat(cached.read(List.of(spf, other))).containsExactly(ours);
    assertThat(rfc.transfersRequested()).isEqualTo(1);
    clock.advance(WINDOW);
    assertThat(cached.read(List.of(spf, other)))
        .extracting(RecordSet::key)
        .containsExactlyInAnyOrder(spf, other);
    assertThat(rfc.transfersRequested()).isEqualTo(2);
  }

  @Test
  void aWriteRefusedBecauseSomeoneElseGotThereFirstDropsTheListing() throws Exception {
    Rfc2136Adapter rfc = new Rfc2136Adapter(open.settings("zone.test"));
    ZoneCachedAdapter cached = new ZoneCachedAdapter(rfc, new MutableClock(Instant.EPOCH), WINDOW);
    RecordKey key = new RecordKey("d.zone.test", RecordType.TXT);
    assertThat(cached.read(List.of(key))).isEmpty();
    new Rfc2136Adapter(open.settings("zone.test"))
        .apply(
            new ChangeSet(
                List.of(new RecordSet(key.name(), RecordType.TXT, 300, List.of("theirs"))),
                List.of(),
                List.of()));

    // The listing says absent; the server's prerequisite (RFC 2136 2.4.3) says otherwise.
    assertThatThrownBy(
            () ->
                cached.apply(
                    new ChangeSet(
                        List.of(new RecordSet(key.name(), RecordType.TXT, 300, List.of("ours"))),
                        List.of(),
                        List.of())))
        .isInstanceOf(DnsProviderException.class);

    assertThat(cached.read(List.of(key)))
        .containsExactly(new RecordSet(key.name(), RecordType.TXT, 300, List.of("theirs")));
    assertThat(rfc.transfersRequested()).isEqualTo(2);
  }

  @Test
  void aForeignValueSplitOtherwiseIsUpdatedWithTheExactPrerequisiteFromTheTransfer()
      throws Exception {
    Rfc2136Adapter rfc = new Rfc2136Adapter(open.settings("zone.test"));
    ZoneCachedAdapter cached = new ZoneCachedAdapter(rfc, new MutableClock(Instant.EPOCH), WINDOW);
    RecordKey key = new RecordKey("s1._domainkey.b.zone.test", RecordType.TXT);
    RecordSet before = cached.read(List.of(key)).get(0);
    assertThat(before.values()).containsExactly("v=DKIM1; k=ed25519; p=abc");

    RecordSet after = new RecordSet(key.name(), RecordType.TXT, 300, List.of("v=DKIM1; p=new"));
    cached.apply(new ChangeSet(List.of(), List.of(new ChangeSet.Update(before, after)), List.of()));

    assertThat(new Rfc2136Adapter(open.settings("zone.test")).read(List.of(key)))
        .containsExactly(after);
  }
}
