package dev.senderdomain.operator.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.ZoneFile;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordSetBuilderTest {
  static final String LONG_KEY = "v=DKIM1; k=rsa; p=" + "A".repeat(392);

  @Test
  void buildsEveryRecordTheExampleDomainNeeds() throws Exception {
    SenderDomainConfig config =
        SenderDomainValidator.validate(ExampleSpecs.resource(ExampleSpecs.shop()));
    List<DnsRecord> records =
        RecordSetBuilder.build(
            config.records(),
            List.of(new DkimPublicRecord("sd2027a", LONG_KEY)),
            DmarcStep.MONITOR);
    assertThat(records)
        .containsExactly(
            new DnsRecord(
                "shop.example.com",
                RecordType.TXT,
                3600,
                "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/64 include:_spf.mailer.example.net -all"),
            new DnsRecord("sd2027a._domainkey.shop.example.com", RecordType.TXT, 3600, LONG_KEY),
            new DnsRecord(
                "_dmarc.shop.example.com",
                RecordType.TXT,
                3600,
                "v=DMARC1; p=none; rua=mailto:dmarc@shop.example.com"),
            new DnsRecord(
                "bounce.shop.example.com", RecordType.MX, 3600, "10 mx1.mailer.example.net"),
            new DnsRecord(
                "bounce.shop.example.com",
                RecordType.TXT,
                3600,
                "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/64 include:_spf.mailer.example.net -all"),
            new DnsRecord(
                "clicks.shop.example.com", RecordType.CNAME, 3600, "track.mailer.example.net"));
  }

  @ParameterizedTest(name = "{0} {1}% testing={2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "NONE      | 100 | false | v=DMARC1; p=none; rua=mailto:d@example.com",
        "QUARANTINE|   5 | true  | v=DMARC1; p=quarantine; pct=5; t=y; rua=mailto:d@example.com",
        "QUARANTINE| 100 | false | v=DMARC1; p=quarantine; rua=mailto:d@example.com",
        "REJECT    |  25 | false | v=DMARC1; p=reject; pct=25; rua=mailto:d@example.com",
        "REJECT    | 100 | false | v=DMARC1; p=reject; rua=mailto:d@example.com",
      })
  void rendersTheDmarcRecordForEachKindOfStep(
      DmarcPolicy policy, int pct, boolean testing, String expected) {
    DmarcOptions options =
        new DmarcOptions(List.of("mailto:d@example.com"), List.of(), false, false, null, null);
    assertThat(DmarcRecordValue.render(new DmarcStep(policy, pct, testing), options))
        .isEqualTo(expected);
  }

  @Test
  void rendersSubdomainPoliciesAndStrictAlignment() {
    DmarcOptions options =
        new DmarcOptions(
            List.of(),
            List.of("mailto:f@example.com"),
            true,
            true,
            DmarcPolicy.REJECT,
            DmarcPolicy.REJECT);
    assertThat(DmarcRecordValue.render(DmarcStep.full(DmarcPolicy.QUARANTINE), options))
        .isEqualTo(
            "v=DMARC1; p=quarantine; sp=reject; np=reject; ruf=mailto:f@example.com; adkim=s; aspf=s");
  }

  @Test
  void splitsLongTxtValuesIntoStringsOfAtMost255OctetsInZoneLines() {
    List<String> parts = ZoneFile.splitTxt(LONG_KEY);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0)).hasSize(255);
    assertThat(String.join("", parts)).isEqualTo(LONG_KEY);
    String line =
        ZoneFile.line(new DnsRecord("s._domainkey.example.com", RecordType.TXT, 300, LONG_KEY));
    assertThat(line)
        .startsWith("s._domainkey.example.com. 300 IN TXT ( \"v=DKIM1; k=rsa; p=AAA")
        .contains("\" \"")
        .doesNotContain("\n");
  }

  @Test
  void refusesARecordValueWithQuotesOrLineBreaks() {
    for (String bad : List.of("a\"b", "a\nb", "a\rb")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new DnsRecord("example.com", RecordType.TXT, 300, bad))
          .hasMessageContaining("quote or a line break");
    }
  }
}
