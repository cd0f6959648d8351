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
import org.junit.jupiter.params.provider.CsvFileSource;

class AggregateReportParserTest {

  @Test
  void readsEveryFieldOfAnRfc7489Report() throws Exception {
    AggregateReport r = parse(fixture("rfc7489-three-records.xml"));

    assertThat(r.metadata())
        .isEqualTo(
            new ReportMetadata(
                "receiver.example",
                "noreply-dmarc@receiver.example",
                "https://receiver.example/dmarc",
                "7489-0001",
                Instant.ofEpochSecond(1700006400L),
                Instant.ofEpochSecond(1700092799L),
                List.of(),
                null));
    assertThat(r.policy())
        .isEqualTo(
            new PolicyPublished(
                "sender.example",
                Alignment.RELAXED,
                Alignment.STRICT,
                RequestedPolicy.QUARANTINE,
                RequestedPolicy.REJECT,
                null,
                50,
                null,
                null,
                null));
    assertThat(r.records()).hasSize(3);
    assertThat(r.records().get(0))
        .isEqualTo(
            new ReportRecord(
                "192.0.2.10",
                12,
                Disposition.NONE,
                DmarcResult.PASS,
                DmarcResult.PASS,
                List.of(),
                "sender.example",
                null,
                null,
                List.of(
                    new DkimAuthResult("sender.example", "s2024", AuthResult.PASS, null),
                    new DkimAuthResult("esp.example", "esp1", AuthResult.PASS, null)),
                List.of(
                    new SpfAuthResult("sender.example", SpfScope.MFROM, AuthResult.PASS, null))));
    assertThat(r.records().get(1))
        .isEqualTo(
            new ReportRecord(
                "2001:db8::25",
                3,
                Disposition.QUARANTINE,
                DmarcResult.FAIL,
                DmarcResult.FAIL,
                List.of(),
                "sender.example",
                "bounce.other.example",
                null,
                List.of(
                    new DkimAuthResult(
                        "other.example", null, AuthResult.FAIL, "body hash did not verify")),
                List.of(
                    new SpfAuthResult("bounce.other.example", null, AuthResult.SOFTFAIL, null))));
    assertThat(r.records().get(2).reasons())
        .containsExactly(
            new PolicyOverrideReason("sampled_out", "pct=50"),
            new PolicyOverrideReason("forwarded", null));
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
    assertThat(r.dispositions())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Disposition.NONE,
                17L,
                Disposition.PASS,
                0L,
                Disposition.QUARANTINE,
                3L,
                Disposition.REJECT,
                0L));
    assertThat(r.distinctSourceIps()).isEqualTo(2);
  }

  @Test
  void readsAnRfc9990ReportInTheDmarc2Namespace() throws Exception {
    AggregateReport r = parse(fixture("rfc9990-namespaced.xml"));

    assertThat(r.metadata().version()).isEqualTo("2.0");
    assertThat(r.metadata().errors()).containsExactly("one record could not be attributed");
    assertThat(r.policy())
        .isEqualTo(
            new PolicyPublished(
                "sender.example",
                null,
                null,
                RequestedPolicy.REJECT,
                RequestedPolicy.QUARANTINE,
                RequestedPolicy.REJECT,
                null,
                true,
                "treewalk",
                null));
    assertThat(r.messages()).isEqualTo(42);
    assertThat(r.dkimPass()).isEqualTo(40);
    assertThat(r.spfPass()).isZero();
    assertThat(r.dispositions())
        .containsEntry(Disposition.PASS, 40L)
        .containsEntry(Disposition.REJECT, 2L);
    assertThat(r.records().get(1).reasons())
        .containsExactly(new PolicyOverrideReason("policy_test_mode", null));
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
    AggregateReport r =
        parse(utf8(report(null, null, record("192.0.2.1", max) + record("192.0.2.2", "0"))));

    assertThat(r.messages()).isEqualTo(Long.MAX_VALUE);
    assertThat(r.dkimPass()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void acceptsAnEmptySourceIpDispositionAndCountZero() throws Exception {
    String empty =
        "<record><row><source_ip></source_ip><count>0</count><policy_evaluated><disposition/>"
            + "<dkim/><spf/></policy_evaluated></row><identifiers><header_from/></identifiers></record>";
    AggregateReport r = parse(utf8(report(null, null, empty)));

    assertThat(r.records().get(0))
        .isEqualTo(
            new ReportRecord(
                null, 0, null, null, null, List.of(), null, null, null, List.of(), List.of()));
    assertThat(r.distinctSourceIps()).isZero();
    assertThat(r.dispositions().values()).containsOnly(0L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "/reports/not-reports.csv", delimiter = '|', quoteCharacter = '\'')
  void rejectsDocumentsThatAreNotReports(String shape, String xml, String error) {
    assertThatThrownBy(() -> parse(utf8(xml)))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining(error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "/reports/invalid-fields.csv", delimiter = '|', quoteCharacter = '\'')
  void rejectsInvalidFieldsNamingTheField(
      String shape, String range, String policy, String records, String error) {
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

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(
      resources = "/reports/invalid-record-fields.csv",
      delimiter = '|',
      quoteCharacter = '\'')
  void skipsARecordWithABadFieldNamingItAndKeepsTheRest(String shape, String bad, String reason)
      throws Exception {
    AggregateReport report = parse(utf8(report(null, null, bad + record("192.0.2.7", "5"))));

    assertThat(report.records()).hasSize(1);
    assertThat(report.records().get(0).sourceIp()).isEqualTo("192.0.2.7");
    assertThat(report.messages()).isEqualTo(5);
    assertThat(report.skipped().count()).isEqualTo(1);
    assertThat(report.skipped().reasons()).singleElement().asString().contains(reason);
  }

  @Test
  void numbersSkippedRecordsByTheirPlaceInTheFileAndKeepsTheOthers() throws Exception {
    byte[] xml =
        utf8(
            report(
                null,
                null,
                record("192.0.2.1", "1")
                    + record("192.0.2.300", "2")
                    + record("192.0.2.3", "3")
                    + record("192.0.2.4", "-4")
                    + record("192.0.2.5", "5")));

    AggregateReport report = parse(xml);

    assertThat(report.records())
        .extracting(ReportRecord::sourceIp)
        .containsExactly("192.0.2.1", "192.0.2.3", "192.0.2.5");
    assertThat(report.messages()).isEqualTo(9);
    assertThat(report.skipped())
        .isEqualTo(
            new SkippedRecords(
                2,
                List.of(
                    "record/row/source_ip (record 2) is not an IPv4 or IPv6 address:"
                        + " \"192.0.2.300\"",
                    "record/row/count (record 4) is negative: \"-4\"")));
  }

  @Test
  void keepsOnlyTheFirstHundredReasonsButCountsEverySkippedRecord() throws Exception {
    String bad = record("not-an-ip", "1").repeat(250);
    AggregateReport report = parse(utf8(report(null, null, bad + record("192.0.2.9", "2"))));

    assertThat(report.skipped().count()).isEqualTo(250);
    assertThat(report.skipped().reasons()).hasSize(SkippedRecords.MAX_REASONS);
    assertThat(report.skipped().reasons().get(99)).contains("(record 100)");
    assertThat(report.records()).hasSize(1);
  }

  @Test
  void limitsStillRejectTheWholeReportInsideARecord() {
    String deep = "<x>".repeat(40) + "</x>".repeat(40);
    byte[] xml =
        utf8(
            report(
                null,
                null,
                "<record><row><source_ip>bad</source_ip><count>1</count></row>"
                    + deep
                    + "</record>"));

    assertThatThrownBy(() -> parse(xml))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("limit maxDepth");
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
    byte[] latin1 =
        report(null, null, null)
            .replace("t.example", "t\u00e9.example")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] xml =
        ReportBytes.concat(utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"), latin1);

    assertThat(parse(xml).metadata().orgName()).isEqualTo("t\u00e9.example");
  }

  @Test
  void refusesEncodingsTheByteGuardsCannotRead() {
    byte[] ebcdic = utf8("<?xml version=\"1.0\" encoding=\"IBM037\"?><feedback/>");

    assertThatThrownBy(() -> parse(ebcdic))
        .hasMessage(
            "document declares encoding \"IBM037\"; DMARC reports must be UTF-8 (ISO-8859-x, windows-125x"
                + " and US-ASCII are also read)");
  }

  @Test
  void refusesUtf16Documents() {
    byte[] utf16 =
        ("\ufeff" + report(null, null, null)).getBytes(java.nio.charset.StandardCharsets.UTF_16BE);

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
