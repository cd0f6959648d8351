package dev.senderdomain.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.testsupport.CorpusFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code reports parse}, run in-process through {@link Main#commandLine()}. */
class ReportsCommandTest {
  @TempDir Path dir;
  private Path plain;
  private Path gzipped;
  private Path broken;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void files() throws IOException {
    plain = dir.resolve("report.xml");
    Files.write(plain, fixture("rfc7489-three-records.xml"));
    gzipped = dir.resolve("no-extension"); // detected by content, not name
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
      g.write(fixture("rfc9990-namespaced.xml"));
    }
    Files.write(gzipped, gz.toByteArray());
    broken = dir.resolve("broken.xml");
    Files.writeString(broken, "<feedback><report_metadata>");
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void printsOneJsonObjectPerReport() throws Exception {
    int exit = run("reports", "parse", plain.toString(), gzipped.toString());

    assertThat(exit).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.toString())
        .isEqualTo(
            "{\"file\":"
                + new ObjectMapper().writeValueAsString(plain.toString())
                + ",\"orgName\":\"receiver.example\",\"reportId\":\"7489-0001\",\"begin\":1700006400,\"end\":1700092799,"
                + "\"domain\":\"sender.example\",\"p\":\"quarantine\",\"pct\":50,\"records\":3,"
                + "\"skippedRecords\":0,\"messages\":20,\"dkimPass\":12,\"spfPass\":17,\"dmarcPass\":17,"
                + "\"dispositions\":{\"none\":17,\"quarantine\":3,\"reject\":0},"
                + "\"sourceIps\":2}");
    JsonNode second = new ObjectMapper().readTree(lines.get(1));
    assertThat(second.get("pct").isNull()).isTrue();
    assertThat(second.get("p").asText()).isEqualTo("reject");
    assertThat(second.get("dispositions").get("none").asLong())
        .as("RFC 9990 pass counts as none")
        .isEqualTo(40);
    assertThat(second.get("dispositions").get("reject").asLong()).isEqualTo(2);
  }

  @Test
  void reportsEachFailedFileOnStandardErrorAndExitsWithOne() throws Exception {
    int exit =
        run(
            "reports",
            "parse",
            broken.toString(),
            plain.toString(),
            dir.resolve("missing.xml").toString());

    assertThat(exit).isEqualTo(1);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(new ObjectMapper().readTree(lines.get(0)).get("messages").asLong()).isEqualTo(20);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            broken
                + ": XML is not well-formed at line 1, column 28: XML document structures must"
                + " start and end within the same entity.",
            dir.resolve("missing.xml") + ": no such file");
  }

  @Test
  void writesCsvWithAHeaderAndOneLinePerFile() {
    int exit = run("reports", "parse", "--output", "csv", plain.toString(), broken.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines().toList())
        .containsExactly(
            "file,orgName,reportId,begin,end,domain,p,pct,records,skippedRecords,messages,dkimPass,"
                + "spfPass,dmarcPass,none,quarantine,reject,sourceIps",
            plain
                + ",receiver.example,7489-0001,1700006400,1700092799,sender.example,quarantine,50,3,0,"
                + "20,12,17,17,17,3,0,2");
    assertThat(err.toString()).startsWith(broken + ": XML is not well-formed");
  }

  @Test
  void skipsARecordWithABadFieldSaysWhichOnStandardErrorAndKeepsTheRest() throws Exception {
    Path bad = dir.resolve("bad-ip.xml");
    Files.writeString(
        bad,
        new String(fixture("rfc7489-three-records.xml"), StandardCharsets.UTF_8)
            .replaceFirst(
                "<source_ip>192.0.2.10</source_ip>", "<source_ip>192.0.2.300</source_ip>"));

    int exit = run("reports", "parse", bad.toString());

    assertThat(exit).isEqualTo(1);
    JsonNode summary = new ObjectMapper().readTree(out.toString());
    assertThat(summary.get("records").asInt()).isEqualTo(2);
    assertThat(summary.get("skippedRecords").asInt()).isEqualTo(1);
    assertThat(summary.get("messages").asLong()).isEqualTo(8);
    assertThat(err.toString())
        .isEqualTo(
            bad
                + ": record skipped: record/row/source_ip (record 1) is not an IPv4 or IPv6"
                + " address: \"192.0.2.300\""
                + System.lineSeparator());
  }

  @Test
  void printsOneJsonLinePerRecordWithEveryField() throws Exception {
    int exit = run("reports", "parse", "--records", plain.toString(), gzipped.toString());

    assertThat(exit).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3 + 2);
    assertThat(new ObjectMapper().readTree(lines.get(0)).toString())
        .isEqualTo(
            "{\"file\":"
                + new ObjectMapper().writeValueAsString(plain.toString())
                + ",\"orgName\":\"receiver.example\",\"reportId\":\"7489-0001\","
                + "\"begin\":1700006400,\"end\":1700092799,\"domain\":\"sender.example\","
                + "\"sourceIp\":\"192.0.2.10\",\"count\":12,\"disposition\":\"none\","
                + "\"dkim\":\"pass\",\"spf\":\"pass\",\"dmarc\":\"pass\","
                + "\"headerFrom\":\"sender.example\",\"envelopeFrom\":null,\"envelopeTo\":null,"
                + "\"dkimResults\":[{\"domain\":\"sender.example\",\"selector\":\"s2024\","
                + "\"result\":\"pass\",\"humanResult\":null},{\"domain\":\"esp.example\","
                + "\"selector\":\"esp1\",\"result\":\"pass\",\"humanResult\":null}],"
                + "\"spfResults\":[{\"domain\":\"sender.example\",\"scope\":\"mfrom\","
                + "\"result\":\"pass\",\"humanResult\":null}],\"reasons\":[]}");
    long total = 0;
    for (String line : lines) {
      total += new ObjectMapper().readTree(line).get("count").asLong();
    }
    assertThat(total).isEqualTo(20 + 42);
  }

  @Test
  void printsRecordsAsCsvWithParallelResultColumnsAndAsText() {
    assertThat(run("reports", "parse", "--records", "--output", "csv", plain.toString())).isZero();
    List<String> csv = out.toString().lines().toList();
    assertThat(csv).hasSize(4);
    assertThat(csv.get(0)).isEqualTo(String.join(",", ReportRecordWriter.CSV_HEADER));
    assertThat(csv.get(1))
        .isEqualTo(
            plain
                + ",receiver.example,7489-0001,1700006400,1700092799,sender.example,192.0.2.10,12,"
                + "none,pass,pass,pass,sender.example,,,\"sender.example,esp.example\","
                + "\"s2024,esp1\",\"pass,pass\",sender.example,mfrom,pass,");

    out.getBuffer().setLength(0);
    assertThat(run("reports", "parse", "--records", "--output", "text", plain.toString())).isZero();
    assertThat(out.toString().lines().findFirst().orElseThrow())
        .isEqualTo(
            plain
                + ": receiver.example 7489-0001 2023-11-15 192.0.2.10 x12 none dmarc=pass dkim=pass"
                + " spf=pass from=sender.example envelope=- dkim:sender.example/s2024=pass"
                + " dkim:esp.example/esp1=pass spf:sender.example(mfrom)=pass");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reportFiles")
  void printsAsManyRecordLinesAsTheReportHasRecords(Path file) throws Exception {
    assumeThat(file).as("report file (the shared corpus may be absent)").exists();
    AggregateReport report = AggregateReportParser.parse(file, ParserLimits.DEFAULTS);

    for (String format : List.of("json", "csv", "text")) {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      int exit = run("reports", "parse", "--records", "--output", format, file.toString());

      assertThat(exit).isEqualTo(report.skipped().isEmpty() ? 0 : 1);
      long lines = out.toString().lines().count();
      assertThat(lines)
          .as(format)
          .isEqualTo(report.records().size() + (format.equals("csv") ? 1 : 0));
    }
    if (report.records().isEmpty()) {
      return;
    }
    out.getBuffer().setLength(0);
    run("reports", "parse", "--records", file.toString());
    long messages = 0;
    for (String line : out.toString().lines().toList()) {
      messages += new ObjectMapper().readTree(line).get("count").asLong();
    }
    assertThat(messages).isEqualTo(report.messages());
  }

  /** The shared corpus (when present) and the project's own fixtures. */
  static Stream<Path> reportFiles() throws IOException {
    List<Path> files =
        new ArrayList<>(
            CorpusFiles.present()
                ? CorpusFiles.reports()
                : List.of(CorpusFiles.dir().resolve("absent")));
    try (Stream<Path> list = Files.list(Path.of("src/test/resources/reports"))) {
      list.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().forEach(files::add);
    }
    return files.stream();
  }

  @Test
  void writesReadableText() {
    int exit = run("reports", "parse", "--output", "text", plain.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                plain
                    + ": report 7489-0001 from receiver.example for sender.example (p=quarantine, pct=50)",
                "  period   2023-11-15T00:00:00Z .. 2023-11-15T23:59:59Z",
                "  records  3, messages 20, distinct source IPs 2",
                "  aligned  DKIM pass 12, SPF pass 17, DMARC pass 17",
                "  disposed none 17, quarantine 3, reject 0",
                ""));
  }

  @Test
  void neutralisesTerminalEscapesInHostileFieldsOfTextOutput() throws IOException {
    Path hostile = dir.resolve("hostile.xml");
    Files.writeString(
        hostile,
        new String(fixture("rfc7489-three-records.xml"), StandardCharsets.UTF_8)
            .replace("receiver.example</org_name>", "evil\u009b2J&#13;corp</org_name>"));

    run("reports", "parse", "--output", "text", hostile.toString());

    assertThat(out.toString())
        .contains("from evil?2J?corp for")
        .doesNotContain("\u009b")
        .doesNotContain("\r");
  }

  @Test
  void requiresAtLeastOneFileAndAKnownFormat() {
    assertThat(run("reports", "parse")).isEqualTo(2);
    assertThat(run("reports", "parse", "--output", "yaml", plain.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter").contains("yaml");
  }

  @Test
  void appliesTheInflatedSizeLimitOption() throws Exception {
    int exit = run("reports", "parse", "--max-inflated-bytes", "1000", plain.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith(plain + ": report inflates to more than 1000 bytes");
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ReportsCommandTest.class.getResourceAsStream("/reports/" + name)) {
      return in.readAllBytes();
    }
  }
}
