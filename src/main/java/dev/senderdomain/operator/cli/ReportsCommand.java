package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportParseException;
import dev.senderdomain.operator.report.SkippedRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reports}: work with DMARC aggregate reports without a cluster. */
@Command(
    name = "reports",
    mixinStandardHelpOptions = true,
    description = "Work with DMARC aggregate reports (RFC 7489 appendix C, RFC 9990).",
    subcommands = {ReportsCommand.ParseCommand.class})
public final class ReportsCommand {

  /** Where parsed reports go on standard output: summaries or records. */
  interface ReportWriter {
    void begin();

    void report(String file, AggregateReport report);
  }

  /**
   * {@code reports parse FILE...}: one summary per file, or with {@code --records} one line per
   * record, on standard output; every problem on standard error, prefixed with the file name.
   */
  @Command(
      name = "parse",
      mixinStandardHelpOptions = true,
      description = {
        "Parse DMARC aggregate reports (XML, gzip or zip, detected by content) and print one summary"
            + " per file, or with --records one line per record.",
        "Problems go to standard error as FILE: MESSAGE. A record with a bad field is reported there,"
            + " left out and counted in skippedRecords; the rest of its report is printed.",
        "Exit code 0 when everything was read, 1 when a file was rejected or a record skipped,"
            + " 2 for a usage error."
      })
  public static final class ParseCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        arity = "1..*",
        paramLabel = "FILE",
        description = "Report files (.xml, .xml.gz, .zip, any name).")
    List<Path> files;

    @Option(
        names = "--output",
        paramLabel = "FORMAT",
        defaultValue = "json",
        description =
            "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json = JSON Lines.")
    ReportSummaryWriter.Format output;

    @Option(
        names = "--records",
        description =
            "One line per record (source IP, count, disposition, verdicts, identifiers, DKIM and"
                + " SPF results, override reasons) instead of one summary per file.")
    boolean records;

    @Option(
        names = "--max-inflated-bytes",
        paramLabel = "BYTES",
        description =
            "Reject reports whose XML is larger than this once decompressed (default: 134217728).")
    Long maxInflatedBytes;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ParserLimits limits =
          maxInflatedBytes == null
              ? ParserLimits.DEFAULTS
              : ParserLimits.DEFAULTS.withMaxInflatedBytes(maxInflatedBytes);
      ReportWriter writer =
          records ? new ReportRecordWriter(output, out) : new ReportSummaryWriter(output, out);
      boolean problems = false;
      writer.begin();
      for (Path file : files) {
        String name = file.toString();
        String error = null;
        try {
          AggregateReport report = AggregateReportParser.parse(file, limits);
          writer.report(name, report);
          out.flush();
          problems |= skipped(err, name, report.skipped());
        } catch (ReportParseException e) {
          error = e.getMessage();
        } catch (NoSuchFileException e) {
          error = "no such file";
        } catch (AccessDeniedException e) {
          error = "permission denied";
        } catch (IOException e) {
          error =
              "cannot read file: "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null
                      ? ""
                      : " " + ReportParseException.quote(e.getMessage()));
        } catch (RuntimeException e) {
          // A parser bug must not hide the other files' results; the class name is enough to report
          // it.
          error = "internal error while parsing: " + e.getClass().getName();
        }
        if (error != null) {
          problems = true;
          err.println(ReportText.clean(name) + ": " + ReportText.clean(error));
        }
        out.flush();
        err.flush();
      }
      out.flush();
      return problems ? 1 : 0;
    }

    /** Reports skipped records on stderr; true when there were any. */
    private static boolean skipped(PrintWriter err, String file, SkippedRecords skipped) {
      String name = ReportText.clean(file);
      for (String reason : skipped.reasons()) {
        err.println(name + ": record skipped: " + ReportText.clean(reason));
      }
      int unnamed = skipped.count() - skipped.reasons().size();
      if (unnamed > 0) {
        err.println(name + ": " + unnamed + " more records skipped");
      }
      return !skipped.isEmpty();
    }
  }
}
