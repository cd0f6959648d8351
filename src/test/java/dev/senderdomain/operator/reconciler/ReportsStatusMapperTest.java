package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus;
import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.SourceStats;
import dev.senderdomain.operator.report.sender.SenderGroup;
import dev.senderdomain.operator.report.sender.SenderIdentity;
import dev.senderdomain.operator.report.sender.SenderIdentity.Kind;
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

  @Test
  void namesTheSenderOfEachFailingSourceAndListsTheFiveWorstSendersWithTheirFix() {
    List<ClassifiedSource> sources = new ArrayList<>();
    List<SenderGroup> senders = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      String ip = "203.0.113." + i;
      sources.add(
          new ClassifiedSource(
              new SourceStats(ip, 100, 100 - i * 10, 0, 0, 0), SourceClass.UNKNOWN));
      senders.add(
          new SenderGroup(
              new SenderIdentity(
                  "rdns:s" + i + ".example", "s" + i + ".example", Kind.REVERSE_DNS, null),
              List.of(ip),
              100,
              100 - i * 10,
              0,
              0,
              0,
              SourceClass.UNKNOWN,
              List.of(),
              List.of(),
              "fix s" + i + " " + "x".repeat(i == 7 ? 1000 : 0)));
    }
    senders.add(
        new SenderGroup(
            new SenderIdentity("own", "Your declared servers", Kind.OWN, null),
            List.of("192.0.2.1"),
            5000,
            5000,
            5000,
            5000,
            0,
            SourceClass.EXPECTED,
            List.of(),
            List.of(),
            null));
    java.util.Collections.reverse(senders.subList(0, 7)); // worst first, as SenderAnalysis sorts
    ReportSummary s =
        new ReportSummary("example.com", Duration.ofDays(7), NOW, 7, 700, 420, NOW, sources);

    ReportsStatus status = ReportsStatusMapper.toStatus(s, senders);

    assertThat(status.failingSources)
        .extracting(f -> f.ip + " " + f.sender)
        .containsExactly(
            "203.0.113.7 s7.example",
            "203.0.113.6 s6.example",
            "203.0.113.5 s5.example",
            "203.0.113.4 s4.example",
            "203.0.113.3 s3.example");
    assertThat(status.senders)
        .extracting(a -> a.sender)
        .containsExactly("s7.example", "s6.example", "s5.example", "s4.example", "s3.example");
    assertThat(status.senders.get(0).failing).isEqualTo(70);
    assertThat(status.senders.get(0).suggestion).hasSize(400).endsWith("\u2026");
    assertThat(status.senders.get(1).suggestion).isEqualTo("fix s6 ");
    assertThat(ReportsStatusMapper.toStatus(s, List.of()).senders).isNull();
  }
}
