package dev.senderdomain.operator.report;

import static dev.senderdomain.operator.report.ReportBytes.fixture;
import static dev.senderdomain.operator.report.ReportBytes.parse;
import static dev.senderdomain.operator.report.ReportBytes.record;
import static dev.senderdomain.operator.report.ReportBytes.report;
import static dev.senderdomain.operator.report.ReportBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregateReportParserTest {

  @Test
  void readsEveryFieldOfAnRfc7489Report() throws Exception {
    AggregateReport r = parse(fixture("rfc7489-three-records.xml"));

    assertThat(r.metadata()).isEqualTo(new ReportMetadata("receiver.example", "noreply-dmarc@receiver.example",
        "https://receiver.example/dmarc", "7489-0001", Instant.ofEpochSecond(1700006400L),
        Instant.ofEpochSecond(1700092799L), List.of(), null));
    assertThat(r.policy()).isEqualTo(new PolicyPublished("sender.example", Alignment.RELAXED, Alignment.STRICT,
        RequestedPolicy.QUARANTINE, RequestedPolicy.REJECT, null, 50, null, null, null));
    assertThat(r.records()).hasSize(3);
    assertThat(r.records().get(0)).isEqualTo(new ReportRecord("192.0.2.10", 12, Disposition.NONE,
        DmarcResult.PASS, DmarcResult.PASS, List.of(), "sender.example", null, null,
        List.of(new DkimAuthResult("sender.example", "s2024", AuthResult.PASS, null),
            new DkimAuthResult("esp.example", "esp1", AuthResult.PASS, null)),
        List.of(new SpfAuthResult("sender.example", SpfScope.MFROM, AuthResult.PASS, null))));
    assertThat(r.records().get(1)).isEqualTo(new ReportRecord("2001:db8::25", 3, Disposition.QUARANTINE,
        DmarcResult.FAIL, DmarcResult.FAIL, List.of(), "sender.example", "bounce.other.example", null,
        List.of(new DkimAuthResult("other.example", null, AuthResult.FAIL, "body hash did not verify")),
        List.of(new SpfAuthResult("bounce.other.example", null, AuthResult.SOFTFAIL, null))));
    assertThat(r.records().get(2).reasons()).containsExactly(
        new PolicyOverrideReason("sampled_out", "pct=50"), new PolicyOverrideReason("forwarded", null));
    assertThat(r.records().get(2).envelopeTo()).isEqualTo("rcpt.receiver.example");
    assertThat(r.records().get(2).spfResults().get(0).scope()).isEqualTo(SpfScope.HELO);
  }

  @Test
  void summarisesMessagesAlignmentDispositionsAndSources() throws Exception {
    AggregateReport r = parse(fixture("rfc7489-three-records.xml"));

    assertThat(r.messages()).isEqualTo(20);
    assertThat(r.dkimPass()).isEqualTo(12);
    assertThat(r.spfPass()).isEqualTo(17);
    assertThat(r.dmarcPass()).isEqualTo(17);
    assertThat(r.dmarcFail()).isEqualTo(3);
    assertThat(r.dispositions()).containsExactlyInAnyOrderEntriesOf(Map.of(
        Disposition.NONE, 17L, Disposition.PASS, 0L, Disposition.QUARANTINE, 3L, Disposition.REJECT, 0L));
    assertThat(r.distinctSourceIps()).isEqualTo(2);
  }

  @Test
  void readsAnRfc9990ReportInTheDmarc2Namespace() throws Exception {
    AggregateReport r = parse(fixture("rfc9990-namespaced.xml"));

    assertThat(r.metadata().version()).isEqualTo("2.0");
    assertThat(r.metadata().errors()).containsExactly("one record could not be attributed");
    assertThat(r.policy()).isEqualTo(new PolicyPublished("sender.example", null, null, RequestedPolicy.REJECT,
        RequestedPolicy.QUARANTINE, RequestedPolicy.REJECT, null, true, "treewalk", null));
    assertThat(r.messages()).isEqualTo(42);
    assertThat(r.dkimPass()).isEqualTo(40);
    assertThat(r.spfPass()).isZero();
    assertThat(r.dispositions()).containsEntry(Disposition.PASS, 40L).containsEntry(Disposition.REJECT, 2L);
    assertThat(r.records().get(1).reasons()).containsExactly(new PolicyOverrideReason("policy_test_mode", null));
    assertThat(r.records().get(1).spfResults().get(0).result()).isEqualTo(AuthResult.NONE);
  }

  @Test
  void readsFloatLookingDatesAsWholeSeconds() throws Exception {
    AggregateReport r = parse(fixture("netease-float-dates.xml"));

    assertThat(r.metadata().begin()).isEqualTo(Instant.ofEpochSecond(1337270400L));
    assertThat(r.metadata().end()).isEqualTo(Instant.ofEpochSecond(1337356799L));
    assertThat(r.records().get(0).dkimResults().get(0).result()).isEqualTo(AuthResult.TEMPERROR);
  }

  @Test
  void readsGoogle2012IdentitiesAsIdentifiers() throws Exception {
    AggregateReport r = parse(fixture("google-2012-identities.xml"));

    assertThat(r.records().get(0).headerFrom()).isEqualTo("sender.example");
    assertThat(r.records().get(0).spfResults().get(0).result()).isEqualTo(AuthResult.FAIL);
  }

  @Test
  void acceptsAnEmptyOrgNameAndNoRecords() throws Exception {
    AggregateReport r = parse(fixture("empty-org-zero-records.xml"));

    assertThat(r.metadata().orgName()).isEmpty();
    assertThat(r.records()).isEmpty();
    assertThat(r.messages()).isZero();
    assertThat(r.policy().sp()).isNull();
    assertThat(r.policy().pct()).isNull();
    assertThat(r.metadata().begin()).isEqualTo(r.metadata().end());
  }

  @Test
  void readsTheSameValuesDespiteBomCrlfTabsAndUpperCase() throws Exception {
    AggregateReport plain = parse(fixture("rfc7489-three-records.xml"));
    AggregateReport messy = parse(fixture("bom-crlf-mixed-case.xml"));

    assertThat(messy).isEqualTo(plain);
  }

  @Test
  void keepsCountsExactUpToTwoToThe63() throws Exception {
    String max = Long.toString(Long.MAX_VALUE);
    AggregateReport r = parse(utf8(report(null, null, record("192.0.2.1", max) + record("192.0.2.2", "0"))));

    assertThat(r.messages()).isEqualTo(Long.MAX_VALUE);
    assertThat(r.dkimPass()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void acceptsAnEmptySourceIpDispositionAndCountZero() throws Exception {
    String empty = "<record><row><source_ip></source_ip><count>0</count><policy_evaluated><disposition/>"
        + "<dkim/><spf/></policy_evaluated></row><identifiers><header_from/></identifiers></record>";
    AggregateReport r = parse(utf8(report(null, null, empty)));

    assertThat(r.records().get(0)).isEqualTo(new ReportRecord(null, 0, null, null, null, List.of(), null, null,
        null, List.of(), List.of()));
    assertThat(r.distinctSourceIps()).isZero();
    assertThat(r.dispositions().values()).containsOnly(0L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no root feedback          | <report/>                                                        | root element is "report"
      no report_metadata        | <feedback><policy_published><p>none</p></policy_published></feedback> | report has no report_metadata
      no policy_published       | <feedback><report_metadata><report_id>x</report_id><date_range><begin>1</begin><end>2</end></date_range></report_metadata></feedback> | report has no policy_published
      no report_id              | <feedback><report_metadata><date_range><begin>1</begin><end>2</end></date_range></report_metadata></feedback> | report_metadata has no report_id
      not well-formed           | <feedback><report_metadata></feedback>                           | XML is not well-formed at line 1
      truncated document        | <feedback><report_metadata>                                      | XML is not well-formed
      text only                 | <                                                                | XML is not well-formed
      two roots                 | <feedback/><feedback/>                                           | XML is not well-formed
      """)
  void rejectsDocumentsThatAreNotReports(String shape, String xml, String error) {
    assertThatThrownBy(() -> parse(utf8(xml)))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining(error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      end before begin    | <date_range><begin>1700000000</begin><end>1699999999</end></date_range> | | | ends (2023-11-14T22:13:19Z) before it begins
      no begin            | <date_range><end>1700000000</end></date_range>                 | | | report_metadata/date_range has no begin
      non-numeric begin   | <date_range><begin>yesterday</begin><end>2</end></date_range>  | | | report_metadata/date_range/begin is not a number of seconds since 1970: "yesterday"
      negative end        | <date_range><begin>1</begin><end>-5</end></date_range>         | | | report_metadata/date_range/end is negative
      year 10000          | <date_range><begin>1</begin><end>99999999999999</end></date_range> | | | after the year 9999
      duplicate begin     | <date_range><begin>1</begin><begin>1</begin><end>2</end></date_range> | | | report_metadata/date_range/begin appears more than once
      missing p           | | <policy_published><domain>x.example</domain></policy_published> | | policy_published has no p
      unknown p           | | <policy_published><p>monitor</p></policy_published>           | | policy_published/p is "monitor", expected none, quarantine or reject
      duplicate p         | | <policy_published><p>none</p><p>reject</p></policy_published> | | policy_published/p appears more than once
      pct over 100        | | <policy_published><p>none</p><pct>101</pct></policy_published> | | policy_published/pct is not a percentage
      bad adkim           | | <policy_published><p>none</p><adkim>x</adkim></policy_published> | | policy_published/adkim is "x", expected r or s
      bad testing         | | <policy_published><p>none</p><testing>maybe</testing></policy_published> | | policy_published/testing is neither y nor n
      negative count      | | | <record><row><source_ip>192.0.2.1</source_ip><count>-3</count></row></record> | record/row/count (record 1) is negative: "-3"
      non-numeric count   | | | <record><row><source_ip>192.0.2.1</source_ip><count>3.5</count></row></record> | record/row/count (record 1) is not a whole number: "3.5"
      count over 2^63-1   | | | <record><row><source_ip>192.0.2.1</source_ip><count>9223372036854775808</count></row></record> | larger than 2^63-1
      empty count         | | | <record><row><count></count></row></record>                  | record/row/count (record 1) is empty
      no count            | | | <record><row><source_ip>192.0.2.1</source_ip></row></record> | record 1 has no row/count
      empty record        | | | <record/>                                                     | record 1 has no row/count
      bad source ip       | | | <record><row><source_ip>mail.example</source_ip><count>1</count></row></record> | record/row/source_ip (record 1) is not an IPv4 or IPv6 address: "mail.example"
      bad disposition     | | | <record><row><count>1</count><policy_evaluated><disposition>drop</disposition></policy_evaluated></row></record> | record/row/policy_evaluated/disposition (record 1) is "drop"
      bad dkim verdict    | | | <record><row><count>1</count><policy_evaluated><dkim>ok</dkim></policy_evaluated></row></record> | record/row/policy_evaluated/dkim (record 1) is "ok", expected pass or fail
      bad auth result     | | | <record><row><count>1</count></row><auth_results><dkim><result>great</result></dkim></auth_results></record> | record/auth_results/dkim/result (record 1) is "great"
      bad spf scope       | | | <record><row><count>1</count></row><auth_results><spf><scope>rcpt</scope><result>pass</result></spf></auth_results></record> | record/auth_results/spf/scope (record 1) is "rcpt", expected helo or mfrom
      two rows            | | | <record><row><count>1</count></row><row><count>1</count></row></record> | record/row (record 1) appears more than once
      """)
  void rejectsInvalidFieldsNamingTheField(String shape, String range, String policy, String records, String error) {
    assertThatThrownBy(() -> parse(utf8(report(range, policy, records))))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining(error);
  }

  @Test
  void rejectsMessageTotalsBeyondTwoToThe63() {
    String max = Long.toString(Long.MAX_VALUE);
    byte[] xml = utf8(report(null, null, record("192.0.2.1", max) + record("192.0.2.2", "1")));

    assertThatThrownBy(() -> parse(xml))
        .isInstanceOf(ReportParseException.class)
        .hasMessage("message counts add up to more than 2^63-1 at record 2");
  }

  @Test
  void reportsTheRecordNumberOfABadRecord() {
    byte[] xml = utf8(report(null, null, record("192.0.2.1", "1") + record("192.0.2.2", "1")
        + record("192.0.2.300", "1")));

    assertThatThrownBy(() -> parse(xml))
        .hasMessage("record/row/source_ip (record 3) is not an IPv4 or IPv6 address: \"192.0.2.300\"");
  }

  @Test
  void rejectsInvalidUtf8WithItsPosition() {
    byte[] xml = utf8(report(null, null, null).replace("t.example", "t\u00e9.example"));
    int at = indexOf(xml, (byte) 0xc3);
    xml[at + 1] = (byte) 0x28; // continuation byte replaced: "\xc3(" is not UTF-8

    assertThatThrownBy(() -> parse(xml))
        .isInstanceOf(ReportParseException.class)
        .hasMessage("invalid UTF-8 byte 0x28 at line 1 (byte " + (at + 1) + " of the XML)");
  }

  @Test
  void honoursADeclaredNonUtf8Encoding() throws Exception {
    byte[] latin1 = report(null, null, null).replace("t.example", "t\u00e9.example")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] xml = ReportBytes.concat(utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"), latin1);

    assertThat(parse(xml).metadata().orgName()).isEqualTo("t\u00e9.example");
  }

  @Test
  void refusesUtf16Documents() {
    byte[] utf16 = ("\ufeff" + report(null, null, null)).getBytes(java.nio.charset.StandardCharsets.UTF_16BE);

    assertThatThrownBy(() -> parse(utf16))
        .hasMessage("document is UTF-16 or UTF-32 encoded; DMARC reports must be UTF-8");
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    throw new AssertionError("byte not found");
  }
}
