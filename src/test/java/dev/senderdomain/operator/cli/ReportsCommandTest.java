package dev.senderdomain.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
                + "\"domain\":\"sender.example\",\"p\":\"quarantine\",\"pct\":50,\"records\":3,\"messages\":20,"
                + "\"dkimPass\":12,\"spfPass\":17,\"dispositions\":{\"none\":17,\"quarantine\":3,\"reject\":0},"
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
  void reportsEachFailedFileAndExitsWithOne() throws Exception {
    int exit =
        run(
            "reports",
            "parse",
            broken.toString(),
            plain.toString(),
            dir.resolve("missing.xml").toString());

    assertThat(exit).isEqualTo(1);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode error = new ObjectMapper().readTree(lines.get(0));
    assertThat(error.get("file").asText()).isEqualTo(broken.toString());
    assertThat(error.get("error").asText()).startsWith("XML is not well-formed");
    assertThat(error.size()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(lines.get(1)).get("messages").asLong()).isEqualTo(20);
    assertThat(new ObjectMapper().readTree(lines.get(2)).get("error").asText())
        .isEqualTo("no such file");
  }

  @Test
  void writesCsvWithAHeaderAndOneLinePerFile() {
    int exit = run("reports", "parse", "--output", "csv", plain.toString(), broken.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines().toList())
        .containsExactly(
            "file,orgName,reportId,begin,end,domain,p,pct,records,messages,dkimPass,spfPass,none,quarantine,reject,"
                + "sourceIps,error",
            plain
                + ",receiver.example,7489-0001,1700006400,1700092799,sender.example,quarantine,50,3,20,12,17,17,3,0,"
                + "2,",
            broken
                + ",,,,,,,,,,,,,,,,\"XML is not well-formed at line 1, column 28: XML document structures must start"
                + " and end within the same entity.\"");
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
    assertThat(new ObjectMapper().readTree(out.toString()).get("error").asText())
        .startsWith("report inflates to more than 1000 bytes");
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ReportsCommandTest.class.getResourceAsStream("/reports/" + name)) {
      return in.readAllBytes();
    }
  }
}
