package dev.senderdomain.operator.bench;

import static dev.senderdomain.operator.bench.BenchTable.f;
import static dev.senderdomain.operator.bench.BenchTable.x;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.SyntheticReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * 5. Report parsing: our parser (limits, guards, model building) against a bare StAX loop over the
 * same bytes that only walks the events and touches each text, which is as fast as the JVM's XML
 * parser goes. Plain and gzip. Rounds alternate the two; the best round of each counts (the least
 * disturbed by other load).
 */
final class ParseBench {
  private final BenchTable table;
  private final boolean quick;

  ParseBench(BenchTable table, boolean quick) {
    this.table = table;
    this.quick = quick;
  }

  void run() throws Exception {
    int records = quick ? 2_000 : 200_000;
    int rounds = quick ? 1 : 3;
    byte[] plain = SyntheticReport.bytes(records);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }
    byte[] gzip = gz.toByteArray();
    measure("plain", plain, plain, false, records, rounds);
    measure("gzip", gzip, plain, true, records, rounds);
  }

  private void measure(
      String label, byte[] bytes, byte[] plain, boolean gzip, int records, int rounds)
      throws Exception {
    // warm-up (JIT) with one pass of each
    ours(new ByteArrayInputStream(bytes), records);
    bare(open(bytes, gzip));
    double bestOurs = Double.MAX_VALUE;
    double bestBare = Double.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long s = System.nanoTime();
      ours(new ByteArrayInputStream(bytes), records);
      bestOurs = Math.min(bestOurs, (System.nanoTime() - s) / 1e9);
      s = System.nanoTime();
      bare(open(bytes, gzip));
      bestBare = Math.min(bestBare, (System.nanoTime() - s) / 1e9);
    }
    double mb = plain.length / 1e6;
    table.add(
        "5",
        f(
            "parse %,d-record report, %s (%.1f MB XML, %.1f MB input)",
            records, label, mb, bytes.length / 1e6),
        f("%,.0f records/s, %.1f MB/s", records / bestOurs, mb / bestOurs),
        f("bare StAX %,.0f records/s, %.1f MB/s", records / bestBare, mb / bestBare),
        x(bestBare / bestOurs),
        ">= 0.50x");
  }

  private static InputStream open(byte[] bytes, boolean gzip) throws Exception {
    InputStream in = new ByteArrayInputStream(bytes);
    return gzip ? new GZIPInputStream(in, 64 << 10) : in;
  }

  private static void ours(InputStream in, int records) throws Exception {
    // The defaults cap a report far below this benchmark's 137 MB; every other limit stays as
    // shipped.
    ParserLimits limits =
        ParserLimits.DEFAULTS
            .withMaxInflatedBytes(1L << 30)
            .withMaxRecords(Math.max(ParserLimits.DEFAULTS.maxRecords(), records));
    AggregateReport report = AggregateReportParser.parse(in, limits);
    if (report.records().size() != records) {
      throw new IllegalStateException(
          "parsed " + report.records().size() + " of " + records + " records");
    }
  }

  /**
   * Walks every event, touching text and element names; counts records so nothing is optimised
   * away.
   */
  static long bare(InputStream in) throws Exception {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader r = f.createXMLStreamReader(in);
    long recordCount = 0;
    long chars = 0;
    while (r.hasNext()) {
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("record")) {
        recordCount++;
      } else if (e == XMLStreamConstants.CHARACTERS) {
        chars += r.getTextLength();
      }
    }
    r.close();
    return recordCount + chars;
  }
}
