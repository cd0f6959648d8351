package dev.senderdomain.operator.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test fixtures and the containers real receivers wrap them in, built in memory. */
final class ReportBytes {
  private ReportBytes() {}

  static byte[] fixture(String name) {
    try (InputStream in = ReportBytes.class.getResourceAsStream("/reports/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A zip of (name, content) pairs; a name ending in "/" is a directory entry (content ignored).
   */
  static byte[] zip(Object... nameContentPairs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < nameContentPairs.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) nameContentPairs[i]));
        if (!((String) nameContentPairs[i]).endsWith("/")) {
          zip.write((byte[]) nameContentPairs[i + 1]);
        }
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static AggregateReport parse(byte[] data) throws ReportParseException {
    return AggregateReportParser.parse(new ByteArrayInputStream(data));
  }

  static AggregateReport parse(byte[] data, ParserLimits limits) throws ReportParseException {
    return AggregateReportParser.parse(new ByteArrayInputStream(data), limits);
  }

  /**
   * A minimal legal report whose record(s) and policy can be replaced, for table tests: {@code
   * %POLICY%} and {@code %RECORDS%} and {@code %RANGE%} are substituted.
   */
  static String report(String range, String policy, String records) {
    return "<feedback><report_metadata><org_name>t.example</org_name><report_id>t-1</report_id>"
        + (range == null
            ? "<date_range><begin>1700000000</begin><end>1700086399</end></date_range>"
            : range)
        + "</report_metadata>"
        + (policy == null
            ? "<policy_published><domain>sender.example</domain><p>none</p></policy_published>"
            : policy)
        + (records == null ? record("192.0.2.1", "1") : records)
        + "</feedback>";
  }

  static String record(String ip, String count) {
    return "<record><row><source_ip>"
        + ip
        + "</source_ip><count>"
        + count
        + "</count><policy_evaluated>"
        + "<disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>"
        + "<identifiers><header_from>sender.example</header_from></identifiers><auth_results><spf>"
        + "<domain>sender.example</domain><result>fail</result></spf></auth_results></record>";
  }
}
