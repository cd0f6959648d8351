package dev.senderdomain.operator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregateReportTest {
  private static final ReportMetadata METADATA =
      new ReportMetadata(
          "r.example",
          null,
          null,
          "id",
          Instant.ofEpochSecond(0),
          Instant.ofEpochSecond(1),
          List.of(),
          null);
  private static final PolicyPublished POLICY =
      new PolicyPublished(
          "s.example", null, null, RequestedPolicy.REJECT, null, null, null, null, null, null);

  private static ReportRecord record(
      String ip, long count, Disposition d, DmarcResult dkim, DmarcResult spf) {
    return new ReportRecord(
        ip, count, d, dkim, spf, List.of(), "s.example", null, null, List.of(), List.of());
  }

  @ParameterizedTest(name = "dkim={0} spf={1} -> dmarc pass {2}")
  @CsvSource(
      textBlock =
          """
      PASS, PASS, true
      PASS, FAIL, true
      FAIL, PASS, true
      FAIL, FAIL, false
      ,     ,     false
      PASS, ,     true
      """)
  void dmarcPassesWhenEitherAlignedMechanismPasses(
      DmarcResult dkim, DmarcResult spf, boolean pass) {
    assertThat(record("192.0.2.1", 1, Disposition.NONE, dkim, spf).dmarcPass()).isEqualTo(pass);
  }

  @Test
  void sumsCountsPerVerdictDispositionAndSource() {
    AggregateReport report =
        new AggregateReport(
            METADATA,
            POLICY,
            List.of(
                record("192.0.2.1", 10, Disposition.NONE, DmarcResult.PASS, DmarcResult.FAIL),
                record("192.0.2.1", 4, Disposition.REJECT, DmarcResult.FAIL, DmarcResult.FAIL),
                record("2001:db8::1", 3, Disposition.PASS, DmarcResult.FAIL, DmarcResult.PASS),
                record(null, 2, null, null, null)));

    assertThat(report.messages()).isEqualTo(19);
    assertThat(report.dkimPass()).isEqualTo(10);
    assertThat(report.spfPass()).isEqualTo(3);
    assertThat(report.dmarcPass()).isEqualTo(13);
    assertThat(report.dmarcFail()).isEqualTo(6);
    assertThat(report.dispositions())
        .isEqualTo(
            Map.of(
                Disposition.NONE,
                10L,
                Disposition.PASS,
                3L,
                Disposition.QUARANTINE,
                0L,
                Disposition.REJECT,
                4L));
    assertThat(report.distinctSourceIps()).isEqualTo(2);
  }

  @Test
  void refusesNegativeCountsAndCopiesLists() {
    assertThatThrownBy(() -> record("192.0.2.1", -1, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    List<ReportRecord> records = new ArrayList<>();
    AggregateReport report = new AggregateReport(METADATA, POLICY, records);
    records.add(record("192.0.2.1", 1, null, null, null));
    assertThat(report.records()).isEmpty();
  }
}
