package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.AggregateReportParser;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportParseException;
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

  /**
   * {@code reports parse FILE...}: one summary per file, like parsedmarc; exit code 1 if any file
   * failed.
   */
  @Command(
      name = "parse",
      mixinStandardHelpOptions = true,
      description = {
        "Parse DMARC aggregate reports (XML, gzip or zip, detected by content) and print one summary per file.",
        "Exit code 1 if any file could not be parsed."
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
        names = "--max-inflated-bytes",
        paramLabel = "BYTES",
        description =
            "Reject reports whose XML is larger than this once decompressed (default: 134217728).")
    Long maxInflatedBytes;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ParserLimits limits =
          maxInflatedBytes == null
              ? ParserLimits.DEFAULTS
              : ParserLimits.DEFAULTS.withMaxInflatedBytes(maxInflatedBytes);
      ReportSummaryWriter writer = new ReportSummaryWriter(output, out);
      boolean failed = false;
      writer.begin();
      for (Path file : files) {
        try {
          AggregateReport report = AggregateReportParser.parse(file, limits);
          writer.report(file.toString(), report);
        } catch (ReportParseException e) {
          failed = true;
          writer.error(file.toString(), e.getMessage());
        } catch (NoSuchFileException e) {
          failed = true;
          writer.error(file.toString(), "no such file");
        } catch (AccessDeniedException e) {
          failed = true;
          writer.error(file.toString(), "permission denied");
        } catch (IOException e) {
          failed = true;
          writer.error(
              file.toString(),
              "cannot read file: "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null
                      ? ""
                      : " " + ReportParseException.quote(e.getMessage())));
        } catch (RuntimeException e) {
          // A parser bug must not hide the other files' results; the class name is enough to report
          // it.
          failed = true;
          writer.error(file.toString(), "internal error while parsing: " + e.getClass().getName());
        }
        out.flush();
      }
      out.flush();
      return failed ? 1 : 0;
    }
  }
}
