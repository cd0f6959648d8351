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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared corpus of real reports ({@code ../shared/testdata/dmarc-aggregate}, see its SOURCES.md). Skipped when
 * the corpus is absent; its location can be overridden with {@code -Dsenderdomain.testdata=DIR} or the
 * {@code SENDERDOMAIN_TESTDATA} environment variable (DIR holds {@code dmarc-aggregate/}).
 */
class CorpusReportTest {
  private static final Path CORPUS = corpus();

  static Path corpus() {
    String configured = System.getProperty("senderdomain.testdata", System.getenv("SENDERDOMAIN_TESTDATA"));
    Path base = configured != null ? Path.of(configured) : Path.of("..", "shared", "testdata");
    return base.resolve("dmarc-aggregate");
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
      return list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted().toList().stream();
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
        .satisfies(e -> assertThat(e.getMessage()).hasSizeBetween(10, 400).doesNotContain("Exception")
            .doesNotContain("\n"));
  }

  // Values computed independently by reading each XML (Python ElementTree over the same files): counts of
  // messages whose policy_evaluated dkim/spf is pass (case-insensitive), dispositions with RFC 9990 "pass"
  // listed separately, distinct non-empty source IPs.
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      opendmarc__good.com!example.com!1337270400!1337356799.xml | 126.com | aggr_report_example.com_20120518_126.com | 1337270400 | 1337356799 | example.com | REJECT | 100 | 754 | 183934 | 182489 | 182330 | 182489 | 0 | 0 | 1445 | 749
      opendmarc__163.com!example.com!1337270400!1337356799.20120518163.xml | 163.com | aggr_report_example.com_20120518_163.com | 1337270400 | 1337356799 | example.com | REJECT | 100 | 50 | 92 | 0 | 46 | 46 | 0 | 0 | 46 | 35
      opendmarc__yeah.net!example.com!1337270400!1337356799.20120518.xml | yeah.net | aggr_report_example.com_20120518_yeah.net | 1337270400 | 1337356799 | example.com | REJECT | 100 | 254 | 21679 | 21505 | 21488 | 21505 | 0 | 0 | 174 | 254
      parsedmarc__!large-example.com!1711897200!1711983600.xml | '' | example.com:1711897200 | 1711897200 | 1711983600 | example.com | NONE | 100 | 2286 | 2286 | 0 | 0 | 2286 | 0 | 0 | 0 | 2286
      parsedmarc__!example.com!1538204542!1538463818.xml | '' | example.com:1538463741 | 1538413632 | 1538413632 | example.com | NONE | 100 | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 1
      parsedmarc__nice-input.xml | google.com | 11038226378739404135 | 1718236800 | 1718323199 | example.com | NONE | 100 | 20 | 3047 | 3046 | 2637 | 3047 | 0 | 0 | 0 | 15
      parsedmarc__nice-input.xml.gz | google.com | 11038226378739404135 | 1718236800 | 1718323199 | example.com | NONE | 100 | 20 | 3047 | 3046 | 2637 | 3047 | 0 | 0 | 0 | 15
      parsedmarc__nice-input.xml.zip | google.com | 11038226378739404135 | 1718236800 | 1718323199 | example.com | NONE | 100 | 20 | 3047 | 3046 | 2637 | 3047 | 0 | 0 | 0 | 15
      dmarc-report-viewer__gmxnet.xml | GMX | 6d2be94cbabf4e838a3cf58fb4a42ab5 | 1733184000 | 1733270399 | myserver.com | REJECT | - | 1 | 1 | 1 | 1 | 1 | 0 | 0 | 0 | 1
      dmarc-report-visualizer__google.com!example.com!1701129600!1701215999.xml.gz | Google | example.com:1701129600 | 1701129600 | 1701215999 | example.com | REJECT | 100 | 8 | 11 | 5 | 4 | 7 | 0 | 0 | 4 | 8
      modoboa-dmarc__hotmail.com!ngyn.org!1435428000!1435514400.zip | Microsoft Corp. | 66f317a021ff4cdabad2b350d3303615@hotmail.com | 1435428000 | 1435514400 | ngyn.org | NONE | 5 | 1 | 1 | 1 | 0 | 1 | 0 | 0 | 0 | 1
      parsedmarc__mimecast.org!ab.id.au!1693353600!1693439999!157a5fe30ec76f4bc0d8bccfc96c118a167a1280fee7c7465af5115e73082e5e.xml.gz | Mimecast | 157a5fe30ec76f4bc0d8bccfc96c118a167a1280fee7c7465af5115e73082e5e | 1693353600 | 1693439999 | ab.id.au | REJECT | 100 | 1 | 1 | 1 | 1 | 1 | 0 | 0 | 0 | 1
      mail-auth__003.xml | Fastmail Pty Ltd | 758848224 | 1667347200 | 1667433599 | stalw.art | NONE | 100 | 4 | 9 | 1 | 0 | 9 | 0 | 0 | 0 | 4
      parsedmarc__report_with_upper_cased_pass.xml | example.com | aggr_report_example.com_20191202_1638 | 1574955300 | 1575304683 | example.com | REJECT | 100 | 1 | 1 | 1 | 1 | 1 | 0 | 0 | 0 | 1
      communitales-dmarc-report-parser__report_no_source_ip.xml | o2.pl | 1733584937.162096754 | 1733439600 | 1733526000 | example.com | QUARANTINE | 100 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0
      modoboa-dmarc__yahoo.com!ngyn.org!1436017600!1436103999.zip | Yahoo! Inc. | 1436111091.916236 | 1436017600 | 1436103999 | - | REJECT | 100 | 1 | 9 | 0 | 0 | 9 | 0 | 0 | 0 | 1
      go-dmarc-report__test_report.zip | Test Inc. | 1.id.0 | 1524182400 | 1524268799 | test.net | NONE | 100 | 2 | 7 | 5 | 5 | 7 | 0 | 0 | 0 | 2
      parsedmarc__rfc9990-sample.xml | Sample Reporter | 3v98abbp8ya9n3va8yr8oa3ya | 302832000 | 302918399 | example.com | QUARANTINE | - | 1 | 123 | 123 | 0 | 0 | 123 | 0 | 0 | 1
      """)
  void computesWhatACarefulReaderOfTheXmlComputes(String file, String org, String reportId, long begin, long end,
      String domain, RequestedPolicy p, Integer pct, int records, long messages, long dkimPass, long spfPass,
      long none, long pass, long quarantine, long reject, int sourceIps) throws Exception {
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
    assertThat(r.dispositions()).isEqualTo(Map.of(Disposition.NONE, none, Disposition.PASS, pass,
        Disposition.QUARANTINE, quarantine, Disposition.REJECT, reject));
    assertThat(r.distinctSourceIps()).isEqualTo(sourceIps);
  }

  @Test
  void readsMultipleAuthResultsPerRecordAndIpv6Sources() throws Exception {
    AggregateReport nice = parse("parsedmarc__nice-input.xml");
    AggregateReport mailRu = parse("dmarc-report-aggregator__mail.ru!freitagsrunde.org!1690675200!1690761600.xml.gz");
    AggregateReport bund = parse("communitales-dmarc-report-parser__report_multiple_spf.xml");

    assertThat(nice.records()).anySatisfy(rec -> assertThat(rec.sourceIp()).contains(":"));
    assertThat(nice.records()).anySatisfy(rec -> assertThat(rec.dkimResults()).hasSizeGreaterThan(1));
    assertThat(mailRu.records().get(0).dkimResults()).hasSize(2);
    assertThat(bund.records()).allSatisfy(rec -> assertThat(rec.spfResults()).hasSize(2));
  }

  @Test
  void readsTheSameReportFromEveryContainer() throws Exception {
    for (List<String> same : List.of(
        List.of("mail-dmarc__test_dmarc.xml", "mail-dmarc__test_dmarc.xml.gz", "mail-dmarc__test_dmarc.xml.zip"),
        List.of("dmarc-cat__google.com!keltia.net!1538438400!1538524799.xml",
            "dmarc-cat__google.com!keltia.net!1538438400!1538524799.zip"),
        List.of("dmarc-report-visualizer__google.com!example.com!1701129600!1701215999.xml.gz",
            "dmarc-report-visualizer__google.com!example.com!1701129600!1701215999.xml.zip"))) {
      AggregateReport first = parse(same.get(0));
      for (String other : same.subList(1, same.size())) {
        assertThat(parse(other)).as(other).isEqualTo(first);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      communitales-dmarc-report-parser__report_invalid_mindate.xml | report_metadata has no date_range
      dmarc-cat__bad.zip | zip archive holds no XML report (entries "bad.xml")
      dmarc-cat__notempty.txt.gz | gzip stream does not hold XML
      dmarc-cat__notempty.zip | zip archive holds no XML report (entries "notempty.txt")
      dmarc-report-converter__test.xml.gz.gz | gzip stream holds another compressed container (gzip)
      dmarc-report-milter__google.com!example.net!1728777600!1728863999.zip | input is neither XML, gzip nor zip
      modoboa-dmarc__amazonses.com!ngyn.org!1622937600!1623024000.xml.gz | gzip stream does not hold XML (starts with bytes 89 50 4e 47
      opendmarc__bad.com!example.com!1337140800!1337227200.xml | record/row/source_ip (record 2) is not an IPv4 or IPv6 address
      parsedmarc__empty.xml | input is empty
      parsedmarc__ikea.com!example.de!1538690400!1538776800.xml | root element is "schema", expected feedback
      parsedmarc__invalid_utf_8.xml | invalid UTF-8 byte 0x91 at line 31
      parsedmarc__invalid_xml.xml | XML is not well-formed at line 5, column 18
      patrickkerrigan-dmarc-parser__dmarc-1-space.xml | XML is not well-formed at line 1
      stuartmaxwell-dmarc-report__dmarc-invalid-1.xml | XML is not well-formed at line 9
      stuartmaxwell-dmarc-report__dmarc-invalid-2.xml | report_metadata has no date_range
      stuartmaxwell-dmarc-report__dmarc-invalid-3.xml | report_metadata/date_range/begin is not a number of seconds since 1970: "not-a-number"
      stuartmaxwell-dmarc-report__dmarc-invalid-4.xml.gz | gzip stream does not hold XML
      stuartmaxwell-dmarc-report__multiple_reports.zip | zip archive holds more than one report
      """)
  void explainsWhatIsWrongWithEachMalformedFile(String file, String message) {
    assumeThat(CORPUS).as("shared corpus").isDirectory();

    assertThatThrownBy(() -> AggregateReportParser.parse(CORPUS.resolve("malformed").resolve(file),
            ParserLimits.DEFAULTS))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining(message);
  }
}
