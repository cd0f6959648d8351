package dev.senderdomain.operator.report;

import static dev.senderdomain.operator.report.ReportBytes.concat;
import static dev.senderdomain.operator.report.ReportBytes.fixture;
import static dev.senderdomain.operator.report.ReportBytes.parse;
import static dev.senderdomain.operator.report.ReportBytes.record;
import static dev.senderdomain.operator.report.ReportBytes.report;
import static dev.senderdomain.operator.report.ReportBytes.utf8;
import static dev.senderdomain.operator.report.ReportBytes.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Anyone can mail the rua address: every shape of hostile input gets a short, clear rejection. */
@Timeout(60)
class HostileReportTest {
  private static final String REPORT_BODY =
      "<report_metadata><org_name>&x;</org_name><report_id>1</report_id>"
          + "<date_range><begin>1</begin><end>2</end></date_range></report_metadata>"
          + "<policy_published><p>none</p></policy_published></feedback>";

  @Test
  void refusesAnExternalEntityPointingAtALocalFile(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>"
            + "<feedback>"
            + REPORT_BODY;

    assertThatThrownBy(() -> parse(utf8(xml)))
        .isInstanceOf(ReportParseException.class)
        .hasMessage(
            "document contains a DOCTYPE declaration; DTDs and entities are not allowed in DMARC reports")
        .hasMessageNotContaining("TOP-SECRET");
  }

  @Test
  void neverConnectsToTheNetworkForExternalDtdsOrEntities() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + server.getLocalPort();
      String[] documents = {
        "<!DOCTYPE feedback SYSTEM \"" + url + "/report.dtd\"><feedback>" + REPORT_BODY,
        "<!DOCTYPE feedback [<!ENTITY x SYSTEM \"" + url + "/entity\">]><feedback>" + REPORT_BODY,
        "<!DOCTYPE feedback [<!ENTITY % p SYSTEM \""
            + url
            + "/param\"> %p;]><feedback>"
            + REPORT_BODY,
        "<feedback xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\""
            + url
            + "/inc\"/>"
            + REPORT_BODY.replace("&x;", "x"),
      };
      AtomicInteger accepted = new AtomicInteger();
      Thread listener =
          new Thread(
              () -> {
                try {
                  server.setSoTimeout(1500);
                  server.accept().close();
                  accepted.incrementAndGet();
                } catch (SocketTimeoutException e) {
                  // nobody came: what we want
                } catch (Exception e) {
                  accepted.incrementAndGet();
                }
              });
      listener.start();
      for (String doc : documents) {
        try {
          parse(utf8(doc));
        } catch (ReportParseException e) {
          assertThat(e.getMessage()).doesNotContain("Exception");
        }
      }
      listener.join();
      assertThat(accepted).hasValue(0);
    }
  }

  @Test
  void refusesEntityExpansionQuickly() {
    StringBuilder doc =
        new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY a0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      doc.append("<!ENTITY a")
          .append(i)
          .append(" \"")
          .append(("&a" + (i - 1) + ";").repeat(10))
          .append("\">");
    }
    doc.append("]><feedback>").append(REPORT_BODY.replace("&x;", "&a9;"));
    long start = System.nanoTime();

    assertThatThrownBy(() -> parse(utf8(doc.toString())))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining("DOCTYPE");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void rejectsAGzipBombUnderDefaultLimitsCountingInflatedBytes() throws Exception {
    // 160 MiB of legal XML (elements padded with blanks) compresses to about 160 KiB; the declared
    // ISIZE is
    // honest here, the next test lies.
    byte[] bomb = gzipStream("<feedback>", "<a>" + " ".repeat(60_000) + "</a>", 160L << 20);

    assertThat(bomb.length).isLessThan(2 << 20);
    assertThatThrownBy(() -> parse(bomb))
        .isInstanceOf(ReportParseException.class)
        .hasMessage(
            "report inflates to more than 134217728 bytes (limit maxInflatedBytes); rejected as a possible"
                + " decompression bomb");
  }

  @Test
  void ignoresTheSizeAGzipTrailerDeclares() throws Exception {
    byte[] bomb = gzipStream("<feedback>", "<a/>", 8L << 20);
    ByteBuffer.wrap(bomb, bomb.length - 4, 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(100); // ISIZE: "100 bytes"

    assertThatThrownBy(() -> parse(bomb, ParserLimits.DEFAULTS.withMaxInflatedBytes(1 << 20)))
        .hasMessageStartingWith("report inflates to more than 1048576 bytes");
  }

  @Test
  void ignoresTheSizesAZipHeaderDeclares() throws Exception {
    byte[] data = utf8("<feedback>" + "<a/>".repeat(2 << 20)); // 8 MiB
    byte[] archive = zipWithDeclaredSizes("report.xml", data, 100, 100);

    assertThatThrownBy(() -> parse(archive, ParserLimits.DEFAULTS.withMaxInflatedBytes(1 << 20)))
        .hasMessageStartingWith("report inflates to more than 1048576 bytes");
  }

  @Test
  void countsSkippedZipEntriesAgainstTheBudget() {
    byte[] zeros = new byte[4 << 20];
    byte[] archive =
        zip("__MACOSX/._report.xml", zeros, "report.xml", fixture("rfc7489-three-records.xml"));

    assertThatThrownBy(() -> parse(archive, ParserLimits.DEFAULTS.withMaxInflatedBytes(1 << 20)))
        .hasMessageStartingWith("report inflates to more than 1048576 bytes");
  }

  @Test
  void rejectsZipsWithTooManyEntries() {
    Object[] entries = new Object[2 * 70];
    for (int i = 0; i < 70; i++) {
      entries[2 * i] = "junk" + i + ".txt";
      entries[2 * i + 1] = utf8("junk");
    }

    assertThatThrownBy(() -> parse(zip(entries)))
        .hasMessage("zip archive has more than 64 entries (limit maxZipEntries)");
  }

  @Test
  void treatsPathTraversalEntryNamesAsMereLabels(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("escaped.xml");
    String traversal = "../".repeat(30) + dir.toString().substring(1) + "/escaped.xml";
    byte[] xml = fixture("rfc7489-three-records.xml");

    AggregateReport report = parse(zip("../../etc/passwd", utf8("root:x:0:0"), traversal, xml));

    assertThat(report).isEqualTo(parse(xml));
    assertThat(target).doesNotExist();
    assertThatThrownBy(() -> parse(zip("../../\u001b[31mred\n", utf8("not xml"))))
        .hasMessage("zip archive holds no XML report (entries \"../../\\u001b[31mred\\u000a\")");
  }

  @Test
  void rejectsDeepNesting() {
    String deep = "<feedback>" + "<x>".repeat(100_000) + "</x>".repeat(100_000) + "</feedback>";

    assertThatThrownBy(() -> parse(utf8(deep)))
        .isInstanceOf(ReportParseException.class)
        .hasMessageStartingWith(
            "elements are nested deeper than 32 levels (limit maxDepth) at x/x/x");
  }

  @Test
  void rejectsHugeFieldsWithoutEchoingThem() {
    String huge = "A".repeat(5 << 20);
    byte[] xml = utf8(report(null, null, null).replace("t.example", huge));

    assertThatThrownBy(() -> parse(xml))
        .isInstanceOf(ReportParseException.class)
        .hasMessage(
            "text in report_metadata/org_name is longer than 65536 characters (limit maxFieldChars)");
  }

  @Test
  void rejectsHugeWhitespaceAndSkippedContentToo() {
    String padded =
        report(null, null, null)
            .replace("<report_metadata>", "<report_metadata>" + " ".repeat(100_000));
    String extension =
        report(null, null, null)
            .replace(
                "</feedback>",
                "<extensions><x>" + "B".repeat(100_000) + "</x></extensions></feedback>");

    assertThatThrownBy(() -> parse(utf8(padded))).hasMessageContaining("limit maxFieldChars");
    assertThatThrownBy(() -> parse(utf8(extension)))
        .hasMessage("text in extensions/x is longer than 65536 characters (limit maxFieldChars)");
  }

  @Test
  void rejectsHugeCommentsCdataAttributesAndProcessingInstructionsBeforeTheParserBuffersThem() {
    String big = "x".repeat(200_000);
    String base = report(null, null, null);

    assertThatThrownBy(
            () ->
                parse(
                    utf8(base.replace("<report_metadata>", "<!--" + big + "--><report_metadata>"))))
        .hasMessage("a comment is longer than 65536 bytes (limit maxFieldChars)");
    assertThatThrownBy(() -> parse(utf8(base.replace("t.example", "<![CDATA[" + big + "]]>"))))
        .hasMessage("a CDATA section is longer than 65536 bytes (limit maxFieldChars)");
    assertThatThrownBy(
            () -> parse(utf8(base.replace("<feedback>", "<feedback a=\"" + big + "\">"))))
        .hasMessage("a tag is longer than 65536 bytes (limit maxFieldChars)");
    assertThatThrownBy(
            () -> parse(utf8(base.replace("<feedback>", "<?pi " + big + "?><feedback>"))))
        .hasMessage("a processing instruction is longer than 65536 bytes (limit maxFieldChars)");
  }

  @Test
  void aValueSplitOverSeveralTextEventsReadsAsOneAndIsLimitedAsOne() throws Exception {
    String base = report(null, null, null);
    for (String split :
        List.of(
            "t.<![CDATA[exa]]>mple",
            "t.ex<!-- a comment -->ample",
            "t.&#101;xample",
            " t.example\n")) {
      assertThat(parse(utf8(base.replace("t.example", split))))
          .as(split)
          .isEqualTo(parse(utf8(base)));
    }
    String half = "x".repeat(40_000);
    assertThatThrownBy(() -> parse(utf8(base.replace("t.example", half + "<!-- -->" + half))))
        .hasMessageContaining("is longer than 65536 characters (limit maxFieldChars)");
  }

  @Test
  void acceptsMarkupCharactersInsideQuotedAttributesAndComments() throws Exception {
    String base = report(null, null, null);
    String tricky =
        base.replace("<feedback>", "<!-- a > b - c --><feedback note='a > b \"q\"'><![CDATA[]]>");

    assertThat(parse(utf8(tricky))).isEqualTo(parse(utf8(base)));
  }

  @Test
  void quotesAtMostAHundredCharactersOfABadValue() throws Exception {
    String junk =
        "\u009b2J" + "9".repeat(10_000) + "x"; // U+009B is CSI, a terminal escape legal in XML
    byte[] xml = utf8(report(null, null, record("192.0.2.1", junk)));
    byte[] metadata =
        utf8(
            report("<date_range><begin>" + junk + "</begin><end>1</end></date_range>", null, null));

    assertThat(parse(xml).skipped().reasons())
        .singleElement()
        .satisfies(
            reason ->
                assertThat(reason)
                    .startsWith(
                        "record/row/count (record 1) is not a whole number: \"\\u009b2J9999")
                    .endsWith("\"... (10004 characters)")
                    .hasSizeLessThan(200));
    assertThatThrownBy(() -> parse(metadata))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith(
                        "report_metadata/date_range/begin is not a number of seconds since 1970:"
                            + " \"\\u009b2J9999")
                    .endsWith("\"... (10004 characters)")
                    .hasSizeLessThan(200));
  }

  @Test
  void rejectsMoreRecordsThanTheLimit() {
    byte[] xml = utf8(report(null, null, record("192.0.2.1", "1").repeat(11)));

    assertThatThrownBy(() -> parse(xml, ParserLimits.DEFAULTS.withMaxRecords(10)))
        .hasMessage("report has more than 10 records (limit maxRecords)");
  }

  @Test
  void capsAuthResultsPerRecordAndIgnoresEmptyOnes() throws Exception {
    String many =
        "<record><row><count>1</count></row><auth_results>"
            + "<dkim><domain>d.example</domain></dkim>".repeat(101)
            + "</auth_results></record>";
    String empty =
        "<record><row><count>1</count></row><auth_results>"
            + "<dkim/><spf></spf>".repeat(10_000)
            + "</auth_results></record>";

    assertThatThrownBy(() -> parse(utf8(report(null, null, many))))
        .hasMessage(
            "record 1 has more than 100 auth_results/dkim entries (limit maxEntriesPerRecord)");
    AggregateReport r = parse(utf8(report(null, null, empty)));
    assertThat(r.records().get(0).dkimResults()).isEmpty();
    assertThat(r.records().get(0).spfResults()).isEmpty();
  }

  @Test
  void rejectsControlCharactersThatXmlForbids() {
    byte[] xml = utf8(report(null, null, null).replace("t.example", "t\u0001.example"));

    assertThatThrownBy(() -> parse(xml)).hasMessageStartingWith("XML is not well-formed at line 1");
  }

  @Test
  void limitsAreValidated() {
    assertThatThrownBy(() -> ParserLimits.DEFAULTS.withMaxDepth(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ParserLimits.DEFAULTS.withMaxInflatedBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A gzip stream of {@code head} followed by {@code unit} repeated up to {@code bytes}, generated
   * in chunks.
   */
  private static byte[] gzipStream(String head, String unit, long bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk =
        unit.repeat(Math.max(1, (1 << 20) / unit.length())).getBytes(StandardCharsets.US_ASCII);
    try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
      gz.write(head.getBytes(StandardCharsets.US_ASCII));
      for (long written = 0; written < bytes; written += chunk.length) {
        gz.write(chunk);
      }
    }
    return out.toByteArray();
  }

  /** A one-entry zip whose local header and central directory declare whatever sizes we like. */
  private static byte[] zipWithDeclaredSizes(
      String name, byte[] data, int declaredSize, int declaredCompressed) throws Exception {
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(deflated, new Deflater(9, true))) {
      d.write(data);
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer local = ByteBuffer.allocate(30 + nameBytes.length).order(ByteOrder.LITTLE_ENDIAN);
    local
        .putInt(0x04034b50)
        .putShort((short) 20)
        .putShort((short) 0)
        .putShort((short) 8)
        .putInt(0)
        .putInt((int) crc.getValue())
        .putInt(declaredCompressed)
        .putInt(declaredSize)
        .putShort((short) nameBytes.length)
        .putShort((short) 0)
        .put(nameBytes);
    return concat(local.array(), deflated.toByteArray());
  }
}
