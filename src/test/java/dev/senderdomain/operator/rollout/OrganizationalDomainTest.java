package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.rollout.OrganizationalDomain.Method;
import dev.senderdomain.operator.rollout.OrganizationalDomain.Result;
import dev.senderdomain.operator.rollout.RolloutWarning.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9989 tree walk, the public suffix list fallback and the conflict warnings. */
class OrganizationalDomainTest {

  /** A fake zone: _dmarc names to TXT values; records every query. */
  private static final class Zone implements Function<String, List<String>> {
    final Map<String, List<String>> txt;
    final List<String> asked = new ArrayList<>();

    Zone(Map<String, List<String>> txt) {
      this.txt = txt;
    }

    @Override
    public List<String> apply(String name) {
      asked.add(name);
      return txt.getOrDefault(name, List.of());
    }
  }

  @Test
  void theShortestNameWithARecordIsTheOrganizationalDomain() {
    Zone zone =
        new Zone(
            Map.of(
                "_dmarc.news.example.com", List.of("v=DMARC1; p=none"),
                "_dmarc.example.com", List.of("v=DMARC1; p=reject; sp=quarantine")));
    Result r = OrganizationalDomain.treeWalk("news.example.com", zone);
    assertThat(r.domain()).isEqualTo("example.com");
    assertThat(r.method()).isEqualTo(Method.TREE_WALK);
    assertThat(r.record().orElseThrow().tags()).containsEntry("sp", "quarantine");
    assertThat(zone.asked)
        .containsExactly("_dmarc.news.example.com", "_dmarc.example.com", "_dmarc.com");
  }

  @Test
  void psdNMakesItsDomainTheOrganizationalDomain() {
    Zone zone =
        new Zone(
            Map.of(
                "_dmarc.news.example.com", List.of("v=DMARC1; p=none; psd=n"),
                "_dmarc.example.com", List.of("v=DMARC1; p=reject")));
    assertThat(OrganizationalDomain.treeWalk("a.news.example.com", zone).domain())
        .isEqualTo("news.example.com");
  }

  @Test
  void psdYMakesTheChildOnThePathTheOrganizationalDomain() {
    Zone zone =
        new Zone(
            Map.of(
                "_dmarc.example.co.uk", List.of("v=DMARC1; p=quarantine"),
                "_dmarc.co.uk", List.of("v=DMARC1; p=none; psd=y")));
    Result r = OrganizationalDomain.treeWalk("mail.example.co.uk", zone);
    assertThat(r.domain()).isEqualTo("example.co.uk");
    assertThat(r.record().orElseThrow().tags()).containsEntry("p", "quarantine");
  }

  @Test
  void noRecordAnywhereMakesTheDomainItsOwnOrganizationalDomain() {
    assertThat(OrganizationalDomain.treeWalk("news.example.com", new Zone(Map.of())).domain())
        .isEqualTo("news.example.com");
  }

  @Test
  void severalRecordsAtOneNameCountAsNone() {
    Zone zone =
        new Zone(
            Map.of(
                "_dmarc.news.example.com", List.of("v=DMARC1; p=none"),
                "_dmarc.example.com", List.of("v=DMARC1; p=reject", "v=DMARC1; p=none"),
                "_dmarc.other.example.com", List.of("v=spf1 -all")));
    assertThat(OrganizationalDomain.treeWalk("news.example.com", zone).domain())
        .isEqualTo("news.example.com");
    assertThat(OrganizationalDomain.treeWalk("other.example.com", zone).domain())
        .isEqualTo("other.example.com");
  }

  @ParameterizedTest(name = "{0} labels: {1} queries")
  @CsvSource({"2, 2", "7, 7", "8, 8", "9, 8", "20, 8"})
  void aWalkNeverTakesMoreThanEightQueries(int labels, int queries) {
    StringBuilder name = new StringBuilder("example.com");
    for (int i = 2; i < labels; i++) {
      name.insert(0, "l" + i + ".");
    }
    Zone zone = new Zone(Map.of());
    OrganizationalDomain.treeWalk(name.toString(), zone);
    assertThat(zone.asked).hasSize(queries);
    if (labels > 8) {
      assertThat(zone.asked.get(1).split("\\.")).hasSize(8);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "news.example.com, example.com",
    "example.com, example.com",
    "a.b.example.co.uk, example.co.uk",
    "www.city.kawasaki.jp, city.kawasaki.jp",
    "foo.bar.kawasaki.jp, foo.bar.kawasaki.jp",
    "mail.example.unlisted, example.unlisted",
    "com, com"
  })
  void publicSuffixListFindsTheRegisteredDomain(String domain, String org) throws IOException {
    PublicSuffixList psl =
        PublicSuffixList.parse(
            new StringReader("// test\ncom\nuk\nco.uk\njp\n*.kawasaki.jp\n!city.kawasaki.jp\n"),
            "test");
    assertThat(psl.organizationalDomain(domain)).isEqualTo(org);
  }

  /**
   * The list inside the jar is the whole publicsuffix.org list: ICANN rules beyond the common ones,
   * wildcards and their exceptions, the private section (as RFC 7489 receivers use it) and IDN
   * suffixes in their ASCII form.
   */
  @ParameterizedTest
  @CsvSource({
    "news.example.co.uk, example.co.uk",
    "news.example.com, example.com",
    "a.b.example.com.au, example.com.au",
    "mail.example.gov.br, example.gov.br",
    "a.school.pvt.k12.ma.us, school.pvt.k12.ma.us",
    "www.city.kawasaki.jp, city.kawasaki.jp",
    "foo.bar.kawasaki.jp, foo.bar.kawasaki.jp",
    "blog.someone.github.io, someone.github.io",
    "mail.example.xn--p1ai, example.xn--p1ai",
    "mail.example.unlisted, example.unlisted",
    "co.uk, co.uk"
  })
  void theBundledListIsTheWholeList(String domain, String org) {
    assertThat(PublicSuffixList.bundled().organizationalDomain(domain)).isEqualTo(org);
    assertThat(PublicSuffixList.bundled().source()).contains("Guava");
  }

  @Test
  void orgDomainSpRejectWhileThisDomainStartsAtNoneIsWarned() {
    Result org =
        new Result(
            "example.com",
            Method.TREE_WALK,
            OrganizationalDomain.singleDmarcRecord(List.of("v=DMARC1; p=none; sp=reject")),
            List.of());
    List<RolloutWarning> w =
        OrgDomainConflicts.analyse("news.example.com", null, null, DmarcStep.MONITOR, org, null);
    assertThat(w).extracting(RolloutWarning::reason).containsExactly(Reason.ORG_DOMAIN_STRICTER);
    assertThat(w.get(0).message()).contains("example.com", "reject", "p=none");
    assertThat(
            OrgDomainConflicts.analyse(
                "news.example.com",
                null,
                null,
                new DmarcStep(DmarcPolicy.REJECT, 50, false),
                org,
                null))
        .as("still weaker while ramping")
        .hasSize(1);
    assertThat(
            OrgDomainConflicts.analyse(
                "news.example.com", null, null, DmarcStep.full(DmarcPolicy.REJECT), org, null))
        .isEmpty();
  }

  @ParameterizedTest(name = "org record {0} vs step {1}/{2}/{3}: warned {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "p=reject            | none       | 100 | false | true",
        "p=reject; sp=none   | none       | 100 | false | false",
        "p=quarantine        | quarantine | 5   | true  | true",
        "p=quarantine        | quarantine | 100 | false | false",
        "p=quarantine        | reject     | 1   | false | false",
        "p=reject; t=y       | none       | 100 | false | false"
      })
  void inheritedPolicyComparison(
      String tags, String policy, int pct, boolean testing, boolean warned) {
    Optional<DmarcTxtRecord> record =
        OrganizationalDomain.singleDmarcRecord(List.of("v=DMARC1; " + tags));
    Result org = new Result("example.com", Method.PUBLIC_SUFFIX_LIST, record, List.of());
    List<RolloutWarning> w =
        OrgDomainConflicts.analyse(
            "news.example.com",
            null,
            null,
            new DmarcStep(DmarcPolicy.parse(policy), pct, testing),
            org,
            null);
    assertThat(w.stream().anyMatch(x -> x.reason() == Reason.ORG_DOMAIN_STRICTER))
        .isEqualTo(warned);
  }

  @Test
  void subdomainPolicyOnANonOrganizationalDomainIsWarned() {
    Result org = new Result("example.com", Method.TREE_WALK, Optional.empty(), List.of());
    assertThat(
            OrgDomainConflicts.analyse(
                "news.example.com", DmarcPolicy.REJECT, null, DmarcStep.MONITOR, org, null))
        .extracting(RolloutWarning::reason)
        .containsExactly(Reason.SUBDOMAIN_POLICY_IGNORED);
    Result self = new Result("example.com", Method.TREE_WALK, Optional.empty(), List.of());
    assertThat(
            OrgDomainConflicts.analyse(
                "example.com", DmarcPolicy.REJECT, null, DmarcStep.MONITOR, self, null))
        .isEmpty();
  }

  @Test
  void treeWalkAndPublicSuffixListDisagreeingIsWarned() {
    Result org = new Result("news.example.com", Method.TREE_WALK, Optional.empty(), List.of());
    assertThat(
            OrgDomainConflicts.analyse(
                "news.example.com", null, null, DmarcStep.MONITOR, org, "example.com"))
        .extracting(RolloutWarning::reason)
        .containsExactly(Reason.ORG_DOMAIN_DIFFERS);
  }

  @Test
  void onlyRecordsThatStartWithVEqualsDmarc1CountAndOneWithErrorsPassesOnNoPolicy() {
    assertThat(
            OrganizationalDomain.singleDmarcRecord(
                List.of("google-site-verification=abc", "v=DMARC1; p=reject")))
        .map(DmarcTxtRecord::effectiveSubdomainPolicy)
        .contains(DmarcPolicy.REJECT);
    assertThat(OrganizationalDomain.singleDmarcRecord(List.of("v=DMARC1; p=reject; pct=150")))
        .isEmpty();
    assertThat(
            OrganizationalDomain.singleDmarcRecord(
                List.of("v=DMARC1; p=reject; pct=150", "v=DMARC1; p=none")))
        .as("two records, one broken: still two, all discarded (RFC 7489 6.6.3)")
        .isEmpty();
  }

  @Test
  void publicSuffixFallbackReadsTheOrgRecordWhenThereIsDns() {
    Zone zone = new Zone(Map.of("_dmarc.example.com", List.of("v=DMARC1; p=reject")));
    Result r =
        OrganizationalDomain.publicSuffix("news.example.com", PublicSuffixList.bundled(), zone);
    assertThat(r.domain()).isEqualTo("example.com");
    assertThat(r.record().orElseThrow().tags()).containsEntry("p", "reject");
    assertThat(
            OrganizationalDomain.publicSuffix("news.example.com", PublicSuffixList.bundled(), null)
                .record())
        .isEmpty();
  }
}
