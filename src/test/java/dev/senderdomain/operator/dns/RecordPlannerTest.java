package dev.senderdomain.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.OwnershipMarker.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordPlannerTest {
  static final String D = "shop.example.com";
  static final Owner OWNER = new Owner("mail", "shop");
  static final String SPF = "v=spf1 ip4:192.0.2.0/24 include:_spf.mailer.example.net -all";
  static final String DMARC = "v=DMARC1; p=none; rua=mailto:dmarc@shop.example.com";
  static final String DKIM = "v=DKIM1; k=rsa; p=MIIBIjAN";

  static List<DnsRecord> desired() {
    return List.of(
        new DnsRecord(D, RecordType.TXT, 3600, SPF),
        new DnsRecord("s1._domainkey." + D, RecordType.TXT, 3600, DKIM),
        new DnsRecord("_dmarc." + D, RecordType.TXT, 3600, DMARC),
        new DnsRecord("bounce." + D, RecordType.MX, 3600, "10 mx.mailer.example.net"),
        new DnsRecord("clicks." + D, RecordType.CNAME, 3600, "track.mailer.example.net"));
  }

  static PlanResult plan(List<RecordSet> current, PlanOptions options) {
    return RecordPlanner.plan(
        OWNER, D, desired(), current, OwnershipMarker.find(D, current).orElse(null), options);
  }

  static RecordSet set(String name, RecordType type, String... values) {
    return new RecordSet(name, type, 3600, List.of(values).stream().sorted().toList());
  }

  /** The zone after applying {@code changes} to {@code current}, as a provider would. */
  static List<RecordSet> applied(List<RecordSet> current, ChangeSet changes) {
    List<RecordSet> zone = new ArrayList<>(current);
    changes.deletes().forEach(d -> zone.removeIf(s -> s.key().equals(d.key())));
    changes
        .updates()
        .forEach(
            u -> {
              zone.removeIf(s -> s.key().equals(u.before().key()));
              zone.add(u.after());
            });
    zone.addAll(changes.creates());
    return zone;
  }

  @Test
  void anEmptyZoneGetsEveryRecordAndTheMarker() {
    PlanResult r = plan(List.of(), PlanOptions.DEFAULT);
    assertThat(r.conflicts()).isEmpty();
    assertThat(r.changes().creates())
        .extracting(RecordSet::key)
        .contains(
            OwnershipMarker.keyFor(D),
            new RecordKey(D, RecordType.TXT),
            new RecordKey("clicks." + D, RecordType.CNAME));
    assertThat(r.changes().creates()).hasSize(6);
    assertThat(r.marker().owner()).isEqualTo(OWNER);
  }

  @Test
  void steadyStateMakesZeroChanges() {
    List<RecordSet> zone = applied(List.of(), plan(List.of(), PlanOptions.DEFAULT).changes());
    PlanResult again = plan(zone, PlanOptions.DEFAULT);
    assertThat(again.changes().isEmpty()).isTrue();
    assertThat(again.conflicts()).isEmpty();
    assertThat(again.expected()).hasSize(6);
  }

  @Test
  void aForeignSpfRecordIsRefusedAndShownWhenMergeIsOff() {
    String theirs = "v=spf1 include:_spf.google.com ~all";
    PlanResult r = plan(List.of(set(D, RecordType.TXT, theirs)), PlanOptions.DEFAULT);
    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.ForeignSpfRecord);
              assertThat(c.message()).contains(theirs).contains("spec.spf.merge");
            });
    assertThat(keysWritten(r)).doesNotContain(new RecordKey(D, RecordType.TXT));
    assertThat(keysWritten(r)).contains(new RecordKey("_dmarc." + D, RecordType.TXT));
  }

  @Test
  void aForeignSpfRecordGetsOurMechanismsMergedInBeforeItsAllAndKeepsItsPolicy() {
    String theirs = "v=spf1 include:_spf.google.com ~all";
    PlanResult r =
        plan(
            List.of(set(D, RecordType.TXT, theirs, "google-site-verification=abc")),
            PlanOptions.spfMerge(true));
    assertThat(r.conflicts()).isEmpty();
    ChangeSet.Update u = update(r, new RecordKey(D, RecordType.TXT));
    assertThat(u.after().values())
        .containsExactly(
            "google-site-verification=abc",
            "v=spf1 include:_spf.google.com ip4:192.0.2.0/24 include:_spf.mailer.example.net ~all");
    assertThat(r.marker().scope(new RecordKey(D, RecordType.TXT))).contains(Scope.MERGED);
    // Steady state after the merge, and the merged terms come out again when SPF is no longer
    // wanted.
    List<RecordSet> zone =
        applied(
            List.of(set(D, RecordType.TXT, theirs, "google-site-verification=abc")), r.changes());
    assertThat(plan(zone, PlanOptions.spfMerge(true)).changes().isEmpty()).isTrue();
    List<DnsRecord> noSpf = desired().stream().filter(d -> !d.name().equals(D)).toList();
    PlanResult removed =
        RecordPlanner.plan(
            OWNER,
            D,
            noSpf,
            zone,
            OwnershipMarker.find(D, zone).orElseThrow(),
            PlanOptions.spfMerge(true));
    assertThat(update(removed, new RecordKey(D, RecordType.TXT)).after().values())
        .containsExactly("google-site-verification=abc", theirs);
  }

  @Test
  void foreignVerificationTxtBesideOurSpfIsKeptUntouched() {
    PlanResult r =
        plan(
            List.of(set(D, RecordType.TXT, "google-site-verification=abc", "MS=ms123")),
            PlanOptions.DEFAULT);
    ChangeSet.Update u = update(r, new RecordKey(D, RecordType.TXT));
    assertThat(u.after().values())
        .containsExactlyInAnyOrder("google-site-verification=abc", "MS=ms123", SPF);
    assertThat(u.before().values()).containsExactly("MS=ms123", "google-site-verification=abc");
    assertThat(r.marker().scope(new RecordKey(D, RecordType.TXT))).contains(Scope.SPF);
  }

  @Test
  void aForeignDmarcRecordIsAConflictNotAnOverwrite() {
    String theirs = "v=DMARC1; p=reject";
    PlanResult r = plan(List.of(set("_dmarc." + D, RecordType.TXT, theirs)), PlanOptions.DEFAULT);
    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.ForeignDmarcRecord);
              assertThat(c.found()).containsExactly(theirs);
            });
    assertThat(keysWritten(r)).doesNotContain(new RecordKey("_dmarc." + D, RecordType.TXT));
  }

  @Test
  void aForeignRecordIdenticalToOursIsAdoptedWithoutAWrite() {
    PlanResult r = plan(List.of(set("_dmarc." + D, RecordType.TXT, DMARC)), PlanOptions.DEFAULT);
    assertThat(r.conflicts()).isEmpty();
    assertThat(keysWritten(r)).doesNotContain(new RecordKey("_dmarc." + D, RecordType.TXT));
    assertThat(r.marker().scope(new RecordKey("_dmarc." + D, RecordType.TXT))).contains(Scope.SET);
  }

  static Stream<Arguments> cnameClashes() {
    return Stream.of(
        Arguments.of(
            "a CNAME where we need a TXT",
            set("s1._domainkey." + D, RecordType.CNAME, "s1.dkim.other.net"),
            new RecordKey("s1._domainkey." + D, RecordType.TXT)),
        Arguments.of(
            "a TXT where we need a CNAME",
            set("clicks." + D, RecordType.TXT, "hello"),
            new RecordKey("clicks." + D, RecordType.CNAME)),
        Arguments.of(
            "a CNAME where we need an MX",
            set("bounce." + D, RecordType.CNAME, "elsewhere.example.net"),
            new RecordKey("bounce." + D, RecordType.MX)));
  }

  @ParameterizedTest(name = "{0} is a CnameConflict")
  @MethodSource("cnameClashes")
  void cnameClashesAreConflicts(String what, RecordSet foreign, RecordKey needed) {
    PlanResult r = plan(List.of(foreign), PlanOptions.DEFAULT);
    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.CnameConflict);
              assertThat(c.key()).isEqualTo(needed);
              assertThat(c.message()).contains(foreign.values().get(0));
            });
    assertThat(keysWritten(r)).doesNotContain(needed, foreign.key());
  }

  @Test
  void recordsWeOwnedButNoLongerWantAreDeletedAndOnlyThose() {
    List<RecordSet> zone = applied(List.of(), plan(List.of(), PlanOptions.DEFAULT).changes());
    zone.add(set("other." + D, RecordType.CNAME, "not.ours.example"));
    List<DnsRecord> renamed =
        new ArrayList<>(
            desired().stream()
                .filter(d -> d.type() != RecordType.CNAME && !d.name().startsWith("s1."))
                .toList());
    renamed.add(new DnsRecord("go." + D, RecordType.CNAME, 3600, "track.mailer.example.net"));
    renamed.add(new DnsRecord("s2._domainkey." + D, RecordType.TXT, 3600, DKIM + "2"));
    PlanResult r =
        RecordPlanner.plan(
            OWNER,
            D,
            renamed,
            zone,
            OwnershipMarker.find(D, zone).orElseThrow(),
            PlanOptions.DEFAULT);
    assertThat(r.changes().deletes())
        .extracting(RecordSet::key)
        .containsExactlyInAnyOrder(
            new RecordKey("clicks." + D, RecordType.CNAME),
            new RecordKey("s1._domainkey." + D, RecordType.TXT));
    assertThat(r.changes().creates())
        .extracting(RecordSet::key)
        .containsExactlyInAnyOrder(
            new RecordKey("go." + D, RecordType.CNAME),
            new RecordKey("s2._domainkey." + D, RecordType.TXT));
    assertThat(r.absent()).hasSize(2);
    assertThat(r.marker().entries())
        .doesNotContainKey(new RecordKey("clicks." + D, RecordType.CNAME));
  }

  @Test
  void aRecordOfOursChangedBehindOurBackIsRepaired() {
    List<RecordSet> zone = applied(List.of(), plan(List.of(), PlanOptions.DEFAULT).changes());
    zone.removeIf(s -> s.name().equals("_dmarc." + D));
    zone.add(
        set("_dmarc." + D, RecordType.TXT, "v=DMARC1; p=none; rua=mailto:attacker@evil.example"));
    PlanResult r = plan(zone, PlanOptions.DEFAULT);
    assertThat(r.conflicts()).isEmpty();
    assertThat(update(r, new RecordKey("_dmarc." + D, RecordType.TXT)).after().values())
        .containsExactly(DMARC);
    assertThat(r.changes().size()).isEqualTo(1);
  }

  @Test
  void aMarkerOfAnotherOwnerIsDomainClaimedAndNothingIsWritten() {
    OwnershipMarker theirs =
        new OwnershipMarker(
            D,
            new Owner("other", "shop"),
            Map.of(new RecordKey("_dmarc." + D, RecordType.TXT), Scope.SET),
            Map.of());
    List<RecordSet> zone = List.of(theirs.toRecordSet(3600));
    PlanResult r = plan(zone, PlanOptions.DEFAULT);
    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.DomainClaimed);
              assertThat(c.message()).contains("other/shop");
            });
    assertThat(r.changes().isEmpty()).isTrue();
    PlanResult taken =
        RecordPlanner.plan(OWNER, D, desired(), zone, theirs, new PlanOptions(false, true));
    assertThat(taken.conflicts()).isEmpty();
    assertThat(taken.marker().owner()).isEqualTo(OWNER);
  }

  @Test
  void aTtlChangeOfAWhollyOwnedSetIsAnUpdate() {
    List<RecordSet> zone = applied(List.of(), plan(List.of(), PlanOptions.DEFAULT).changes());
    List<DnsRecord> shorter =
        desired().stream().map(d -> new DnsRecord(d.name(), d.type(), 300, d.value())).toList();
    PlanResult r =
        RecordPlanner.plan(
            OWNER,
            D,
            shorter,
            zone,
            OwnershipMarker.find(D, zone).orElseThrow(),
            PlanOptions.DEFAULT);
    assertThat(r.changes().updates()).hasSize(5);
  }

  @Test
  void aForeignValueAtTheMarkerNameIsKeptBesideTheMarker() {
    RecordSet foreign = set(OwnershipMarker.nameFor(D), RecordType.TXT, "something=else");
    PlanResult r = plan(List.of(foreign), PlanOptions.DEFAULT);
    ChangeSet.Update u = update(r, OwnershipMarker.keyFor(D));
    assertThat(u.after().values()).contains("something=else").hasSize(2);
    List<RecordSet> zone = applied(List.of(foreign), r.changes());
    assertThat(plan(zone, PlanOptions.DEFAULT).changes().isEmpty()).isTrue();
    PlanResult nothingWanted =
        RecordPlanner.plan(
            OWNER,
            D,
            List.of(),
            zone,
            OwnershipMarker.find(D, zone).orElseThrow(),
            PlanOptions.DEFAULT);
    assertThat(update(nothingWanted, OwnershipMarker.keyFor(D)).after().values())
        .containsExactly("something=else");
    assertThat(nothingWanted.changes().deletes()).hasSize(5);
  }

  private static List<RecordKey> keysWritten(PlanResult r) {
    List<RecordKey> keys = new ArrayList<>();
    r.changes().creates().forEach(s -> keys.add(s.key()));
    r.changes().updates().forEach(u -> keys.add(u.after().key()));
    r.changes().deletes().forEach(s -> keys.add(s.key()));
    return keys;
  }

  private static ChangeSet.Update update(PlanResult r, RecordKey key) {
    return r.changes().updates().stream()
        .filter(u -> u.after().key().equals(key))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no update of " + key + " in " + r.changes().describe()));
  }
}
