package dev.senderdomain.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class SyntheticReportTest {
  @Test
  void parsesBackToExactlyTheModelItWasWrittenFrom() throws Exception {
    AggregateReport parsed = AggregateReportParser.parse(SyntheticReport.open(1_000));

    assertThat(parsed).isEqualTo(SyntheticReport.report(1_000));
  }

  @Test
  void streamsTheSameBytesItWritesInMemory() throws Exception {
    byte[] bytes = SyntheticReport.bytes(50);

    assertThat(SyntheticReport.open(50).readAllBytes()).isEqualTo(bytes);
    assertThat(AggregateReportParser.parse(new ByteArrayInputStream(bytes)))
        .isEqualTo(SyntheticReport.report(50));
  }

  @Test
  void coversEveryDispositionAndBothAddressFamilies() {
    AggregateReport report = SyntheticReport.report(100);

    assertThat(report.dispositions().get(Disposition.REJECT)).isPositive();
    assertThat(report.dispositions().get(Disposition.QUARANTINE)).isPositive();
    assertThat(report.records()).anySatisfy(r -> assertThat(r.sourceIp()).contains(":"));
    assertThat(report.distinctSourceIps()).isEqualTo(100);
    assertThat(report.dkimPass()).isLessThan(report.messages());
  }

  @Test
  void isAboutSixHundredBytesPerRecord() {
    assertThat(SyntheticReport.bytes(1_000).length).isBetween(400_000, 800_000);
  }
}
