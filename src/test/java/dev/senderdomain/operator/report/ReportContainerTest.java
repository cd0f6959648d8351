package dev.senderdomain.operator.report;

import static dev.senderdomain.operator.report.ReportBytes.concat;
import static dev.senderdomain.operator.report.ReportBytes.fixture;
import static dev.senderdomain.operator.report.ReportBytes.gzip;
import static dev.senderdomain.operator.report.ReportBytes.parse;
import static dev.senderdomain.operator.report.ReportBytes.utf8;
import static dev.senderdomain.operator.report.ReportBytes.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gzip and zip containers, detected by magic bytes (RFC 7489 7.2.1.1), with the quirks real
 * receivers produce.
 */
class ReportContainerTest {
  private static byte[] xml;
  private static AggregateReport expected;

  @BeforeAll
  static void plainReport() throws Exception {
    xml = fixture("rfc7489-three-records.xml");
    expected = parse(xml);
  }

  @Test
  void readsGzipRegardlessOfName() throws Exception {
    assertThat(parse(gzip(xml))).isEqualTo(expected);
  }

  @Test
  void ignoresTrailingJunkAfterTheGzipStreamAsMimecastSendsIt() throws Exception {
    assertThat(parse(concat(gzip(xml), utf8("\r\n")))).isEqualTo(expected);
    assertThat(parse(concat(gzip(xml), utf8("-- trailing garbage --")))).isEqualTo(expected);
  }

  @Test
  void readsAZipWithOneReport() throws Exception {
    assertThat(parse(zip("sender.example!receiver.example!1700006400!1700092799.xml", xml)))
        .isEqualTo(expected);
  }

  @Test
  void skipsMacOsResourceForksDirectoriesAndNonXmlEntries() throws Exception {
    byte[] archive =
        zip(
            "__MACOSX/",
            null,
            "__MACOSX/._report.xml",
            new byte[] {0, 5, 22, 7, 0, 2},
            "notes/",
            null,
            "README.txt",
            utf8("this is not a report"),
            "notes/report.xml",
            xml);

    assertThat(parse(archive)).isEqualTo(expected);
  }

  @Test
  void readsAZipEntryWithAnEmptyNameAndADirectoryNamedLikeAFile() throws Exception {
    assertThat(parse(zip("", xml))).isEqualTo(expected);
    assertThat(parse(zip("subfolder.xml/", null, "subfolder.xml/report.xml", xml)))
        .isEqualTo(expected);
  }

  @Test
  void readsAGzippedReportInsideAZip() throws Exception {
    assertThat(parse(zip("report.xml.gz", gzip(xml)))).isEqualTo(expected);
  }

  @Test
  void rejectsAZipWithTwoReports() {
    assertThatThrownBy(() -> parse(zip("a.xml", xml, "b.xml", xml)))
        .isInstanceOf(ReportParseException.class)
        .hasMessageStartingWith(
            "zip archive holds more than one report (zip entry \"a.xml\" and zip entry \"b.xml\")");
  }

  @Test
  void rejectsAZipWithoutXml() {
    assertThatThrownBy(() -> parse(zip("a.txt", utf8("hello"), "empty.xml", new byte[0])))
        .hasMessage("zip archive holds no XML report (entries \"a.txt\", \"empty.xml\")");
    assertThatThrownBy(() -> parse(zip())).hasMessage("zip archive holds no entries");
  }

  @Test
  void rejectsNestedCompression() {
    assertThatThrownBy(() -> parse(gzip(gzip(xml))))
        .hasMessage(
            "gzip stream holds another compressed container (gzip); only one level of compression is"
                + " accepted");
    assertThatThrownBy(() -> parse(gzip(zip("a.xml", xml))))
        .hasMessageContaining("gzip stream holds another compressed container (zip)");
    assertThatThrownBy(() -> parse(zip("a.xml.gz", gzip(gzip(xml)))))
        .hasMessageContaining("zip entry \"a.xml.gz\" holds another compressed container (gzip)");
  }

  @Test
  void rejectsATruncatedGzipStream() {
    byte[] gz = gzip(xml);

    assertThatThrownBy(() -> parse(Arrays.copyOf(gz, gz.length / 2)))
        .isInstanceOf(ReportParseException.class)
        .hasMessage("gzip stream is truncated (compressed data ends early)");
  }

  @Test
  void rejectsAGzipStreamWithAWrongChecksum() {
    byte[] gz = gzip(xml);
    gz[gz.length - 6] ^= 0x55; // CRC32 in the trailer

    assertThatThrownBy(() -> parse(gz))
        .isInstanceOf(ReportParseException.class)
        .hasMessageStartingWith("gzip stream is corrupt");
  }

  @Test
  void rejectsCorruptDeflateData() {
    byte[] gz = gzip(xml);
    for (int i = 12; i < 40; i++) {
      gz[i] = (byte) 0xff;
    }

    assertThatThrownBy(() -> parse(gz))
        .isInstanceOf(ReportParseException.class)
        .hasMessageStartingWith("gzip stream is corrupt");
  }

  @Test
  void rejectsATruncatedZip() {
    byte[] archive = zip("report.xml", xml);

    assertThatThrownBy(() -> parse(Arrays.copyOf(archive, 200)))
        .isInstanceOf(ReportParseException.class)
        .hasMessageMatching("zip entry \"report.xml\" is (truncated|corrupt).*");
  }

  @Test
  void rejectsContentThatIsNeitherXmlGzipNorZip() {
    assertThatThrownBy(() -> parse(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}))
        .hasMessage(
            "input is neither XML, gzip nor zip (starts with bytes 89 50 4e 47 0d 0a 1a 0a)");
    assertThatThrownBy(() -> parse(new byte[0])).hasMessage("input is empty");
    assertThatThrownBy(() -> parse(utf8(" \r\n\t "))).hasMessage("input is empty");
    assertThatThrownBy(() -> parse(gzip(new byte[0]))).hasMessage("gzip stream is empty");
  }
}
