package dev.senderdomain.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.OwnershipMarker.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OwnershipMarkerTest {
  static final String D = "shop.example.com";

  @Test
  void aMarkerSurvivesTheRoundTripThroughItsTxtValue() {
    OwnershipMarker m =
        new OwnershipMarker(
            D,
            new Owner("mail", "shop"),
            Map.of(
                new RecordKey(D, RecordType.TXT), Scope.MERGED,
                new RecordKey("bounce." + D, RecordType.TXT), Scope.SPF,
                new RecordKey("bounce." + D, RecordType.MX), Scope.SET,
                new RecordKey("s1._domainkey." + D, RecordType.TXT), Scope.SET,
                new RecordKey("outside.example.net", RecordType.CNAME), Scope.SET),
            Map.of(D, List.of("include:_spf.mailer.example.net", "ip4:192.0.2.0/24")));
    String value = m.value();
    assertThat(value)
        .startsWith("heritage=senderdomain-operator; owner=mail/shop; set=")
        .contains("bounce:MX")
        .contains("outside.example.net.:CNAME")
        .contains("spf=bounce")
        .contains("merged=@:include:_spf.mailer.example.net @:ip4:192.0.2.0/24");
    assertThat(OwnershipMarker.parse(D, value)).contains(m);
    assertThat(m.toRecordSet(300).name()).isEqualTo("_sdo-owner." + D);
  }

  /**
   * The value is the same bytes in every JVM: entries in name order whatever order they were given
   * in. (Built from Map.of, whose iteration order is salted per JVM, as a reconcile's map could be;
   * a marker kept in Map.copyOf order came out differently after every operator restart, and every
   * restart rewrote the marker of every domain.)
   */
  @Test
  void theValueListsEntriesInNameOrderWhateverTheInputOrder() {
    OwnershipMarker m =
        new OwnershipMarker(
            D,
            new Owner("mail", "shop"),
            Map.of(
                new RecordKey("sd2027a._domainkey." + D, RecordType.TXT), Scope.SET,
                new RecordKey("_dmarc." + D, RecordType.TXT), Scope.SET,
                new RecordKey("bounce." + D, RecordType.MX), Scope.SET,
                new RecordKey("bounce." + D, RecordType.TXT), Scope.SPF,
                new RecordKey("clicks." + D, RecordType.CNAME), Scope.SET,
                new RecordKey(D, RecordType.TXT), Scope.SPF),
            Map.of());
    assertThat(m.value())
        .isEqualTo(
            "heritage=senderdomain-operator; owner=mail/shop;"
                + " set=_dmarc:TXT bounce:MX clicks:CNAME sd2027a._domainkey:TXT; spf=bounce @");
    assertThat(List.copyOf(m.entries().keySet())).isSorted();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "google-site-verification=abc",
        "heritage=external-dns,external-dns/owner=default",
        "heritage=senderdomain-operator; set=x:TXT",
        "heritage=senderdomain-operator; owner=noslash"
      })
  void valuesThatAreNotOurMarkerAreIgnored(String value) {
    assertThat(OwnershipMarker.parse(D, value)).isEmpty();
  }

  @Test
  void theMarkerIsFoundAmongOtherValuesAtItsName() {
    OwnershipMarker m = new OwnershipMarker(D, new Owner("a", "b"), Map.of(), Map.of());
    RecordSet set =
        new RecordSet(OwnershipMarker.nameFor(D), RecordType.TXT, 60, List.of("zzz", m.value()));
    assertThat(OwnershipMarker.find(D, List.of(set))).contains(m);
  }
}
