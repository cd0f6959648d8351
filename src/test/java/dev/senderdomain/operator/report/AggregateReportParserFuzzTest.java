package dev.senderdomain.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/**
 * Jazzer fuzz test of the whole report pipeline (container sniffing, gzip/zip, guards, StAX, field
 * parsing). The only allowed failure is a {@link ReportParseException} with a short one-line
 * message; anything else (NPE, index errors, OOM, a message echoing kilobytes of input) is a
 * finding.
 *
 * <p>Regression mode (the default, CI): runs the seeds under {@code
 * src/test/resources/dev/senderdomain/operator/ report/AggregateReportParserFuzzTestInputs/}.
 * Fuzzing for 30 s: {@code JAZZER_FUZZ=1 mvn test -Dtest=AggregateReportParserFuzzTest}; for hours,
 * the standalone driver, see docs/reports.md.
 */
public class AggregateReportParserFuzzTest {
  /** Small limits so the fuzzer reaches them; the code paths are the same as with the defaults. */
  private static final ParserLimits LIMITS = new ParserLimits(1 << 20, 4096, 16, 1000, 8, 10);

  /** Entry point for a long standalone session with the Jazzer driver (docs/reports.md). */
  public static void fuzzerTestOneInput(byte[] input) {
    new AggregateReportParserFuzzTest().parsesOrRejectsCleanly(input);
  }

  @FuzzTest(maxDuration = "30s")
  void parsesOrRejectsCleanly(byte[] input) {
    try {
      AggregateReport report = AggregateReportParser.parse(new ByteArrayInputStream(input), LIMITS);
      assertThat(report.records().size()).isLessThanOrEqualTo(LIMITS.maxRecords());
      assertThat(report.dmarcPass()).isBetween(0L, report.messages());
      assertThat(report.metadata().end()).isAfterOrEqualTo(report.metadata().begin());
    } catch (ReportParseException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").hasSizeLessThan(600);
    }
  }
}
