package dev.senderdomain.operator.dns;

import static dev.senderdomain.operator.dns.RecordPlannerTest.D;
import static dev.senderdomain.operator.dns.RecordPlannerTest.applied;
import static dev.senderdomain.operator.dns.RecordPlannerTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a provider scope lets the planner do to records somebody else published. */
class PlannerScopeTest {
  static final String THEIRS = "v=spf1 include:_spf.google.com ~all";
  static final PlanOptions.Scope NOT_EXPLICIT =
      new PlanOptions.Scope("ClusterDnsProvider company-dns", false, false);
  static final PlanOptions.Scope EXPLICIT_NO_MERGE =
      new PlanOptions.Scope("ClusterDnsProvider company-dns", true, false);
  static final PlanOptions.Scope EXPLICIT_MERGE =
      new PlanOptions.Scope("ClusterDnsProvider company-dns", true, true);

  static RecordSet foreignSpf(long ttl) {
    return new RecordSet(D, RecordType.TXT, ttl, List.of(THEIRS));
  }

  @Test
  void aNameCarryingAForeignSpfRecordGetsNothingWrittenUnlessNamedExplicitly() {
    PlanResult r = plan(List.of(foreignSpf(300)), new PlanOptions(true, false, NOT_EXPLICIT));
    assertThat(r.changes().isEmpty()).as("no DKIM key, no marker, nothing").isTrue();
    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.ProviderNotAllowed);
              assertThat(c.message())
                  .contains(THEIRS)
                  .contains("ClusterDnsProvider company-dns")
                  .contains("spec.allowedDomains names " + D + " explicitly");
            });
  }

  @Test
  void aForeignDmarcOrDkimRecordAlsoProtectsTheName() {
    RecordSet dmarc =
        new RecordSet("_dmarc." + D, RecordType.TXT, 300, List.of("v=DMARC1; p=reject"));
    RecordSet dkim =
        new RecordSet("s1._domainkey." + D, RecordType.TXT, 300, List.of("v=DKIM1; p=THEIRS"));
    for (RecordSet foreign : List.of(dmarc, dkim)) {
      PlanResult r = plan(List.of(foreign), new PlanOptions(false, false, NOT_EXPLICIT));
      assertThat(r.changes().isEmpty()).as(foreign.name()).isTrue();
      assertThat(r.conflicts())
          .extracting(Conflict::kind)
          .containsExactly(Conflict.Kind.ProviderNotAllowed);
    }
  }

  @Test
  void aFreshNameIsPublishedWithoutBeingNamedAndItsOwnRecordsDoNotProtectItFromItsOwner() {
    PlanOptions options = new PlanOptions(false, false, NOT_EXPLICIT);
    PlanResult first = plan(List.of(), options);
    assertThat(first.conflicts()).isEmpty();
    List<RecordSet> zone = applied(List.of(), first.changes());
    PlanResult again = plan(zone, options);
    assertThat(again.conflicts()).isEmpty();
    assertThat(again.changes().isEmpty()).isTrue();
  }

  @Test
  void mergingIntoAForeignSpfRecordNeedsAllowSpfMerge() {
    PlanResult r = plan(List.of(foreignSpf(300)), new PlanOptions(true, false, EXPLICIT_NO_MERGE));
    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.ProviderNotAllowed);
              assertThat(c.message()).contains("spec.allowSpfMerge: true").contains(THEIRS);
            });
    assertThat(r.changes().updates()).noneMatch(u -> u.before().name().equals(D));
  }

  @Test
  void aMergeKeepsTheForeignRecordsTtlAndChangesOnlyOurMechanisms() {
    PlanResult r = plan(List.of(foreignSpf(300)), new PlanOptions(true, false, EXPLICIT_MERGE));
    assertThat(r.conflicts()).isEmpty();
    ChangeSet.Update u =
        r.changes().updates().stream()
            .filter(x -> x.before().name().equals(D))
            .findFirst()
            .orElseThrow();
    assertThat(u.after().ttl()).as("the foreign record's TTL").isEqualTo(300);
    assertThat(u.after().values())
        .containsExactly(
            "v=spf1 include:_spf.google.com ip4:192.0.2.0/24 include:_spf.mailer.example.net ~all");
    assertThat(r.expected())
        .filteredOn(s -> s.name().equals(D))
        .singleElement()
        .satisfies(s -> assertThat(s.ttl()).isEqualTo(300));
    // Steady state: the TTL is not "repaired" to ours at the next reconcile.
    List<RecordSet> zone = applied(List.of(foreignSpf(300)), r.changes());
    assertThat(plan(zone, new PlanOptions(true, false, EXPLICIT_MERGE)).changes().isEmpty())
        .isTrue();
  }

  @Test
  void turningMergeOffRestoresTheForeignRecordWithItsOwnTtl() {
    PlanOptions merge = new PlanOptions(true, false, EXPLICIT_MERGE);
    List<RecordSet> zone =
        applied(List.of(foreignSpf(300)), plan(List.of(foreignSpf(300)), merge).changes());
    PlanResult off = plan(zone, new PlanOptions(false, false, EXPLICIT_MERGE));
    ChangeSet.Update u =
        off.changes().updates().stream()
            .filter(x -> x.before().name().equals(D))
            .findFirst()
            .orElseThrow();
    assertThat(u.after().values()).containsExactly(THEIRS);
    assertThat(u.after().ttl()).isEqualTo(300);
  }
}
