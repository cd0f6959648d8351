package dev.senderdomain.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A legal 200,000-record report (about 137 MB of XML; limit raised to 256 MiB) parses within a 256
 * MiB heap. The parse runs in a forked {@code java -Xmx256m} (the test JVM itself has a larger
 * heap), on the same class path.
 */
class LargeReportHeapTest {
  private static final int RECORDS = 200_000;
  private static String expected;

  /** What the generator wrote, summed from its model (not from any parse). */
  @BeforeAll
  static void expectedSummary() {
    long messages = 0;
    long dkim = 0;
    long spf = 0;
    Map<Disposition, Long> dispositions = new EnumMap<>(Disposition.class);
    for (Disposition d : Disposition.values()) {
      dispositions.put(d, 0L);
    }
    Set<String> ips = new HashSet<>();
    for (int i = 0; i < RECORDS; i++) {
      ReportRecord r = SyntheticReport.record(i);
      messages += r.count();
      dkim += r.dkimPass() ? r.count() : 0;
      spf += r.spfPass() ? r.count() : 0;
      dispositions.merge(r.disposition(), r.count(), Long::sum);
      ips.add(r.sourceIp());
    }
    expected =
        "records="
            + RECORDS
            + " messages="
            + messages
            + " dkimPass="
            + dkim
            + " spfPass="
            + spf
            + " dispositions="
            + dispositions
            + " sourceIps="
            + ips.size()
            + " mismatches=0 metadataEqual=true policyEqual=true";
  }

  @Test
  void parsesA200000RecordReportStreamedIn256MiB() throws Exception {
    String result = probe(List.of(Integer.toString(RECORDS)));

    assertThat(result).startsWith(expected);
    assertThat(maxHeapMiB(result)).isLessThanOrEqualTo(256);
  }

  @Test
  void parsesA200000RecordGzipReportIn256MiB(@TempDir Path dir) throws Exception {
    Path gz = dir.resolve("large.xml.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
      SyntheticReport.write(out, RECORDS);
    }

    String result = probe(List.of(Integer.toString(RECORDS), gz.toString()));

    assertThat(result).startsWith(expected);
    assertThat(maxHeapMiB(result)).isLessThanOrEqualTo(256);
  }

  /** The heap limit the child JVM reported (Runtime.maxMemory, a little under -Xmx). */
  private static int maxHeapMiB(String result) {
    return Integer.parseInt(result.replaceAll(".* maxMiB=(\\d+).*", "$1"));
  }

  private static String probe(List<String> args) throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                classPath,
                LargeReportProbe.class.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    System.out.println("forked parse: " + output);
    return output.lines().reduce((a, b) -> b).orElse("");
  }
}
