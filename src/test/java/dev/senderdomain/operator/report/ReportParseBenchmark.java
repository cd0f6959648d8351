package dev.senderdomain.operator.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

/**
 * Parse speed of {@link AggregateReportParser} against a bare StAX scan of the same bytes (plain
 * and gzip). Not a test: run with {@code java -cp target/classes:target/test-classes:<deps>
 * ...ReportParseBenchmark [records]}.
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
    System.out.printf(
        "%d records, %.1f MB XML, %.1f MB gzip%n", n, xml.length / 1e6, gz.length / 1e6);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    String[] names = {
      "bare StAX, plain", "parser,    plain", "bare StAX, gzip ", "parser,    gzip "
    };
    for (int round = 0; round < rounds; round++) {
      best[0] = Math.min(best[0], report(names[0], n, () -> stax(new ByteArrayInputStream(xml))));
      best[1] =
          Math.min(
              best[1],
              report(
                  names[1],
                  n,
                  () ->
                      AggregateReportParser.parse(
                              new ByteArrayInputStream(xml), LargeReportProbe.LIMITS)
                          .records()
                          .size()));
      best[2] =
          Math.min(
              best[2],
              report(
                  names[2],
                  n,
                  () -> stax(new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16))));
      best[3] =
          Math.min(
              best[3],
              report(
                  names[3],
                  n,
                  () ->
                      AggregateReportParser.parse(
                              new ByteArrayInputStream(gz), LargeReportProbe.LIMITS)
                          .records()
                          .size()));
    }
    System.out.println("best of " + rounds + ":");
    for (int i = 0; i < names.length; i++) {
      System.out.printf(
          "  %s: %6.2f s CPU, %,10.0f records/s, %6.1f MB/s of XML%n",
          names[i], best[i], n / best[i], xml.length / 1e6 / best[i]);
    }
  }

  private interface Run {
    long run() throws Exception;
  }

  /**
   * Runs once and returns the CPU time of this thread, which is what the parser costs; on a shared
   * machine the wall time (also printed) includes waiting for a core.
   */
  private static double report(String what, int n, Run run) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long result = run.run();
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double wall = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "  %s: %6.2f s CPU (%6.2f s wall), %,10.0f records/s (%d)%n",
        what, cpu, wall, n / cpu, result);
    return cpu;
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
