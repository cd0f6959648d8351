package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.rollout.DmarcTxtRecord.Alignment;
import dev.senderdomain.operator.rollout.DmarcTxtRecord.ReportUri;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DmarcRecordParserTest {

  @Test
  void readsEveryTagOfAFullRecord() throws Exception {
    DmarcTxtRecord r =
        DmarcRecordParser.parse(
            "v=DMARC1; p=reject; sp=quarantine; np=reject; pct=50; "
                + "rua=mailto:dmarc@example.com!10m, mailto:agg@example.net; ruf=mailto:fail@example.com; adkim=s; "
                + "aspf=r; fo=0:d; t=y");

    assertThat(r.p()).contains(DmarcPolicy.REJECT);
    assertThat(r.sp()).contains(DmarcPolicy.QUARANTINE);
    assertThat(r.np()).contains(DmarcPolicy.REJECT);
    assertThat(r.pct()).contains(50);
    assertThat(r.rua())
        .containsExactly(
            new ReportUri("mailto:dmarc@example.com", 10L << 20),
            new ReportUri("mailto:agg@example.net", null));
    assertThat(r.ruf()).containsExactly(new ReportUri("mailto:fail@example.com", null));
    assertThat(r.adkim()).isEqualTo(Alignment.STRICT);
    assertThat(r.aspf()).isEqualTo(Alignment.RELAXED);
    assertThat(r.testing()).isTrue();
    assertThat(r.tags())
        .containsKeys("v", "p", "sp", "np", "pct", "rua", "ruf", "adkim", "aspf", "fo", "t");
  }

  @Test
  void appliesTheRfcDefaultsForAbsentTags() throws Exception {
    DmarcTxtRecord r = DmarcRecordParser.parse("v=DMARC1; p=quarantine");

    assertThat(r.sp()).isEmpty();
    assertThat(r.effectiveSubdomainPolicy()).isEqualTo(DmarcPolicy.QUARANTINE);
    assertThat(r.effectiveNonExistentPolicy()).isEqualTo(DmarcPolicy.QUARANTINE);
    assertThat(r.effectivePct()).isEqualTo(100);
    assertThat(r.adkim()).isEqualTo(Alignment.RELAXED);
    assertThat(r.testing()).isFalse();
    assertThat(r.rua()).isEmpty();
  }

  @Test
  void treatsAMissingPAsNoneLikeRfc9989() throws Exception {
    DmarcTxtRecord r = DmarcRecordParser.parse("v=DMARC1; rua=mailto:d@example.com");

    assertThat(r.p()).isEqualTo(Optional.empty());
    assertThat(r.effectivePolicy()).isEqualTo(DmarcPolicy.NONE);
  }

  @Test
  void npFallsBackToSpThenP() throws Exception {
    assertThat(DmarcRecordParser.parse("v=DMARC1; p=reject; sp=none").effectiveNonExistentPolicy())
        .isEqualTo(DmarcPolicy.NONE);
    assertThat(
            DmarcRecordParser.parse("v=DMARC1; p=reject; sp=none; np=quarantine")
                .effectiveNonExistentPolicy())
        .isEqualTo(DmarcPolicy.QUARANTINE);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      v=DMARC1;p=none                              | none
      'v = DMARC1 ;  p = reject ;'                 | reject
      v=DMARC1; p=Quarantine                       | quarantine
      v=DMARC1; p=none; x_future=1; ;              | none
      V=DMARC1; p=reject                           | reject
      """)
  void acceptsWhitespaceCaseAndSeparatorVariantsTheAbnfAllows(String txt, String policy)
      throws Exception {
    assertThat(DmarcRecordParser.parse(txt).effectivePolicy().tag()).isEqualTo(policy);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      ''                                           | DMARC record is empty
      p=reject; v=DMARC1                           | DMARC record must start with v=DMARC1, found "p=reject"
      v=DMARC2; p=reject                           | DMARC record must start with v=DMARC1, found "v=DMARC2"
      v=dmarc1; p=reject                           | DMARC record must start with v=DMARC1
      v=spf1 -all                                  | DMARC record must start with v=DMARC1
      ; v=DMARC1                                   | DMARC record must start with v=DMARC1
      v=DMARC1; p=monitor                          | p must be one of none, quarantine, reject, found "monitor"
      v=DMARC1; p=none; p=reject                   | tag p appears more than once
      v=DMARC1; p=none; v=DMARC1                   | v must be the first tag only
      v=DMARC1; p=none; sp=block                   | sp must be one of none, quarantine, reject, found "block"
      v=DMARC1; p=none; np=drop                    | np must be one of none, quarantine, reject, found "drop"
      v=DMARC1; p=none; pct=101                    | pct must be a whole number 0..100, found "101"
      v=DMARC1; p=none; pct=-1                     | pct must be a whole number 0..100, found "-1"
      v=DMARC1; p=none; adkim=x                    | adkim must be one of r, s, found "x"
      v=DMARC1; p=none; aspf=relaxed               | aspf must be one of r, s, found "relaxed"
      v=DMARC1; p=none; t=true                     | t must be one of y, n, found "true"
      v=DMARC1; p=none; fo=2                       | fo must be 0, 1, d or s joined by ':', found "2"
      v=DMARC1; p=none; ri=daily                   | ri must be a number of seconds, found "daily"
      v=DMARC1; p=none; rua=dmarc@example.com      | rua URI "dmarc@example.com" has no scheme
      v=DMARC1; p=none; rua=mailto:example.com     | rua URI "mailto:example.com" is not a mail address
      v=DMARC1; p=none; rua=mailto:a@example.com,  | rua has an empty URI
      v=DMARC1; p=none; ruf=mailto:a b@example.com | ruf URI "mailto:a b@example.com" is not a valid URI
      v=DMARC1; p=none; reject                     | tag "reject" has no '=' (expected name=value)
      v=DMARC1; p=none; 9x=1                       | tag name "9x" is not a valid tag name
      """)
  void rejectsInvalidRecordsNamingTheTag(String txt, String error) {
    assertThatThrownBy(() -> DmarcRecordParser.parse(txt))
        .isInstanceOf(InvalidDmarcRecordException.class)
        .hasMessageStartingWith(error);
  }

  @Test
  void refusesOverlongInputWithoutEchoingIt() {
    String huge = "v=DMARC1; p=none; x=" + "a".repeat(20_000);

    assertThatThrownBy(() -> DmarcRecordParser.parse(huge))
        .hasMessage("DMARC record is longer than 8192 characters");
    assertThatThrownBy(() -> DmarcRecordParser.parse("v=DMARC1; p=" + "\u0000".repeat(500)))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @Test
  void writesACanonicalFormThatParsesToTheSameRecord() throws Exception {
    DmarcTxtRecord r =
        DmarcRecordParser.parse("v=DMARC1;p=reject;  rua=mailto:a@example.com!1g ;pct=20;");

    assertThat(r.toTxt()).isEqualTo("v=DMARC1; p=reject; rua=mailto:a@example.com!1g; pct=20");
    assertThat(DmarcRecordParser.parse(r.toTxt())).isEqualTo(r);
    assertThat(r.rua()).isEqualTo(List.of(new ReportUri("mailto:a@example.com", 1L << 30)));
  }
}
