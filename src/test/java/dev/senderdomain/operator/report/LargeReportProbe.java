package dev.senderdomain.operator.report;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link LargeReportHeapTest}: parses a synthetic report (generated on the
 * fly, or from a file) and prints one line of results, so the parent can check them under a small
 * -Xmx.
 */
public final class LargeReportProbe {
  /**
   * The report is about 137 MB of XML, above the 128 MiB default: large legitimate reports need a
   * raised limit.
   */
  static final ParserLimits LIMITS = ParserLimits.DEFAULTS.withMaxInflatedBytes(256L << 20);

  private LargeReportProbe() {}

  /**
   * Arguments: number of records, then optionally a report file (any container) to parse instead.
   */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    long start = System.nanoTime();
    AggregateReport report;
    try (InputStream in =
        args.length > 1
            ? new BufferedInputStream(Files.newInputStream(Path.of(args[1])), 1 << 16)
            : SyntheticReport.open(n)) {
      report = AggregateReportParser.parse(in, LIMITS);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    int mismatches = 0;
    for (int i = 0; i < report.records().size(); i++) {
      if (!report.records().get(i).equals(SyntheticReport.record(i))) {
        mismatches++;
      }
    }
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.out.println(
        "records="
            + report.records().size()
            + " messages="
            + report.messages()
            + " dkimPass="
            + report.dkimPass()
            + " spfPass="
            + report.spfPass()
            + " dispositions="
            + report.dispositions()
            + " sourceIps="
            + report.distinctSourceIps()
            + " mismatches="
            + mismatches
            + " metadataEqual="
            + report.metadata().equals(SyntheticReport.metadata(n))
            + " policyEqual="
            + report.policy().equals(SyntheticReport.policy())
            + " retainedMiB="
            + (rt.totalMemory() - rt.freeMemory()) / (1 << 20)
            + " maxMiB="
            + rt.maxMemory() / (1 << 20)
            + " millis="
            + millis);
  }
}
