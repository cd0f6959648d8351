package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus;
import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.SourceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsStatusMapperTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void summarisesTheWindowWithTheFiveSourcesFailingMost() {
    List<ClassifiedSource> sources = new ArrayList<>();
    sources.add(
        new ClassifiedSource(
            new SourceStats("192.0.2.1", 10_000, 10_000, 10_000, 10_000, 0), SourceClass.EXPECTED));
    for (int i = 1; i <= 7; i++) {
      sources.add(
          new ClassifiedSource(
              new SourceStats("203.0.113." + i, 100, 100 - i * 10, 0, 0, 0),
              i % 2 == 0 ? SourceClass.UNKNOWN : SourceClass.FORWARDER));
    }
    long messages = 10_700;
    long pass = 10_000 + (700 - 280);
    ReportSummary s =
        new ReportSummary(
            "example.com",
            Duration.ofDays(7),
            NOW,
            12,
            messages,
            pass,
            Instant.parse("2026-11-25T23:59:59Z"),
            sources);

    ReportsStatus status = ReportsStatusMapper.toStatus(s);

    assertThat(status.window).isEqualTo("7d");
    assertThat(status.messages).isEqualTo(10_700);
    assertThat(status.passRate).isEqualTo(Math.round(100.0 * pass / messages * 100) / 100.0);
    assertThat(status.lastReportAt).isEqualTo("2026-11-25T23:59:59Z");
    assertThat(status.failingSources)
        .extracting(f -> f.ip)
        .containsExactly("203.0.113.7", "203.0.113.6", "203.0.113.5", "203.0.113.4", "203.0.113.3");
    assertThat(status.failingSources.get(0).failing).isEqualTo(70);
    assertThat(status.failingSources.get(0).messages).isEqualTo(100);
    assertThat(status.failingSources.get(0).classification).isEqualTo("forwarder");
    assertThat(status.failingSources.get(1).classification).isEqualTo("unknown");
  }

  @Test
  void noMessagesMeansNoPassRateRatherThanZero() {
    ReportsStatus status =
        ReportsStatusMapper.toStatus(
            new ReportSummary("example.com", Duration.ofDays(7), NOW, 0, 0, 0, null, List.of()));
    assertThat(status.messages).isZero();
    assertThat(status.passRate).isNull();
    assertThat(status.lastReportAt).isNull();
    assertThat(status.failingSources).isEmpty();
  }
}
