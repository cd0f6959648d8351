package dev.senderdomain.operator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared corpus of real reports ({@code ../shared/testdata/dmarc-aggregate}, see its
 * SOURCES.md). Skipped when the corpus is absent; its location can be overridden with {@code
 * -Dsenderdomain.testdata=DIR} or the {@code SENDERDOMAIN_TESTDATA} environment variable (DIR holds
 * {@code dmarc-aggregate/}).
 */
class CorpusReportTest {
  private static final Path CORPUS = corpus();

  static Path corpus() {
    return dev.senderdomain.operator.testsupport.CorpusFiles.dir();
  }

  static Stream<Path> wellFormedReports() throws IOException {
    return files(CORPUS);
  }

  static Stream<Path> malformedReports() throws IOException {
    return files(CORPUS.resolve("malformed"));
  }

  private static Stream<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Stream.of(Path.of("corpus-absent"));
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static AggregateReport parse(String name) throws Exception {
    assumeThat(CORPUS).as("shared corpus").isDirectory();
    return AggregateReportParser.parse(CORPUS.resolve(name), ParserLimits.DEFAULTS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormedReports")
  void parsesEveryReportOfTheCorpus(Path file) throws Exception {
    assumeThat(file).as("shared corpus").exists();

    AggregateReport report = AggregateReportParser.parse(file, ParserLimits.DEFAULTS);

    assertThat(report.metadata().reportId()).isNotBlank();
    assertThat(report.metadata().end()).isAfterOrEqualTo(report.metadata().begin());
    assertThat(report.dmarcPass()).isBetween(0L, report.messages());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedReports")
  void rejectsEveryMalformedFileWithAClearMessage(Path file) {
    assumeThat(file).as("shared corpus").exists();

    assertThatThrownBy(() -> AggregateReportParser.parse(file, ParserLimits.DEFAULTS))
        .isInstanceOf(ReportParseException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .hasSizeBetween(10, 400)
                    .doesNotContain("Exception")
                    .doesNotContain("\n"));
  }

  // Values computed independently by reading each XML (Python ElementTree over the same files):
  // counts of
  // messages whose policy_evaluated dkim/spf is pass (case-insensitive), dispositions with RFC 9990
  // "pass"
  // listed separately, distinct non-empty source IPs.
  @ParameterizedTest(name = "{0}")
  @CsvFileSource(
      resources = "/reports/corpus-expected.csv",
      delimiter = '|',
      quoteCharacter = '\'',
      nullValues = "-")
  void computesWhatACarefulReaderOfTheXmlComputes(
      String file,
      String org,
      String reportId,
      long begin,
      long end,
      String domain,
      RequestedPolicy p,
      Integer pct,
      int records,
      long messages,
      long dkimPass,
      long spfPass,
      long none,
      long pass,
      long quarantine,
      long reject,
      int sourceIps)
      throws Exception {
    AggregateReport r = parse(file);

    assertThat(r.metadata().orgName()).isEqualTo(org);
    assertThat(r.metadata().reportId()).isEqualTo(reportId);
    assertThat(r.metadata().begin()).isEqualTo(Instant.ofEpochSecond(begin));
    assertThat(r.metadata().end()).isEqualTo(Instant.ofEpochSecond(end));
    assertThat(r.policy().domain()).isEqualTo(domain);
    assertThat(r.policy().p()).isEqualTo(p);
    assertThat(r.policy().pct()).isEqualTo(pct);
    assertThat(r.records()).hasSize(records);
    assertThat(r.messages()).isEqualTo(messages);
    assertThat(r.dkimPass()).isEqualTo(dkimPass);
    assertThat(r.spfPass()).isEqualTo(spfPass);
    assertThat(r.dispositions())
        .isEqualTo(
            Map.of(
                Disposition.NONE,
                none,
                Disposition.PASS,
                pass,
                Disposition.QUARANTINE,
                quarantine,
                Disposition.REJECT,
                reject));
    assertThat(r.distinctSourceIps()).isEqualTo(sourceIps);
  }

  @Test
  void readsMultipleAuthResultsPerRecordAndIpv6Sources() throws Exception {
    AggregateReport nice = parse("parsedmarc__nice-input.xml");
    AggregateReport mailRu =
        parse("dmarc-report-aggregator__mail.ru!freitagsrunde.org!1690675200!1690761600.xml.gz");
    AggregateReport bund = parse("communitales-dmarc-report-parser__report_multiple_spf.xml");

    assertThat(nice.records()).anySatisfy(rec -> assertThat(rec.sourceIp()).contains(":"));
    assertThat(nice.records())
        .anySatisfy(rec -> assertThat(rec.dkimResults()).hasSizeGreaterThan(1));
    assertThat(mailRu.records().get(0).dkimResults()).hasSize(2);
    assertThat(bund.records()).allSatisfy(rec -> assertThat(rec.spfResults()).hasSize(2));
  }

  @Test
  void readsTheSameReportFromEveryContainer() throws Exception {
    for (List<String> same :
        List.of(
            List.of(
                "mail-dmarc__test_dmarc.xml",
                "mail-dmarc__test_dmarc.xml.gz",
                "mail-dmarc__test_dmarc.xml.zip"),
            List.of(
                "dmarc-cat__google.com!keltia.net!1538438400!1538524799.xml",
                "dmarc-cat__google.com!keltia.net!1538438400!1538524799.zip"),
            List.of(
                "dmarc-report-visualizer__google.com!example.com!1701129600!1701215999.xml.gz",
                "dmarc-report-visualizer__google.com!example.com!1701129600!1701215999.xml.zip"))) {
      AggregateReport first = parse(same.get(0));
      for (String other : same.subList(1, same.size())) {
        assertThat(parse(other)).as(other).isEqualTo(first);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(
      resources = "/reports/corpus-malformed.csv",
      delimiter = '|',
      quoteCharacter = '\'')
  void explainsWhatIsWrongWithEachMalformedFile(String file, String message) {
    assumeThat(CORPUS).as("shared corpus").isDirectory();

    assertThatThrownBy(
            () ->
                AggregateReportParser.parse(
                    CORPUS.resolve("malformed").resolve(file), ParserLimits.DEFAULTS))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining(message);
  }
}
