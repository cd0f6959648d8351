package dev.senderdomain.operator.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

/**
 * Parse speed of {@link AggregateReportParser} against a bare StAX scan of the same bytes (plain and gzip). Not a
 * test: run with {@code java -cp target/classes:target/test-classes:<deps> ...ReportParseBenchmark [records]}.
 */
public final class ReportParseBenchmark {
  private ReportParseBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    byte[] xml = SyntheticReport.bytes(n);
    ByteArrayOutputStream gzOut = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(gzOut, 1 << 16)) {
      gz.write(xml);
    }
    byte[] gz = gzOut.toByteArray();
    System.out.printf("%d records, %.1f MB XML, %.1f MB gzip%n", n, xml.length / 1e6, gz.length / 1e6);
    for (int round = 0; round < 3; round++) {
      report("bare StAX, plain", n, () -> stax(new ByteArrayInputStream(xml)));
      report("parser,    plain", n, () -> AggregateReportParser.parse(new ByteArrayInputStream(xml)).records().size());
      report("bare StAX, gzip ", n, () -> stax(new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)));
      report("parser,    gzip ", n, () -> AggregateReportParser.parse(new ByteArrayInputStream(gz)).records().size());
    }
  }

  private interface Run {
    long run() throws Exception;
  }

  private static void report(String what, int n, Run run) throws Exception {
    long start = System.nanoTime();
    long result = run.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("  %s: %6.2f s, %,10.0f records/s (%d)%n", what, seconds, n / seconds, result);
  }

  /** Every event read, nothing kept: the floor any StAX-based parser can reach. */
  private static long stax(InputStream in) throws Exception {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XMLStreamReader reader = factory.createXMLStreamReader(in);
    long elements = 0;
    while (reader.hasNext()) {
      if (reader.next() == XMLStreamReader.START_ELEMENT) {
        elements++;
      }
    }
    return elements;
  }
}
