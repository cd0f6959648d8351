package dev.senderdomain.operator.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses DMARC aggregate reports (RFC 7489 appendix C and RFC 9990) from bytes anyone could have
 * mailed to the {@code rua} address: plain XML, gzip or zip (detected by magic bytes), streamed
 * with StAX, no DTDs, no external entities, no network, every size capped by {@link ParserLimits}.
 * See docs/reports.md for the exact rules.
 *
 * <p>Thread-safe: each call uses its own parser state.
 */
public final class AggregateReportParser {
  private AggregateReportParser() {}

  /** Parses one report with {@link ParserLimits#DEFAULTS}. Does not close {@code in}. */
  public static AggregateReport parse(InputStream in) throws ReportParseException {
    return parse(in, ParserLimits.DEFAULTS);
  }

  /** Parses one report under the given limits. Does not close {@code in}. */
  public static AggregateReport parse(InputStream in, ParserLimits limits)
      throws ReportParseException {
    return new ReportContainer(limits).read(new NonClosing(in));
  }

  /**
   * Parses a report file; an {@link IOException} means the file could not be opened or read at all.
   */
  public static AggregateReport parse(Path file, ParserLimits limits)
      throws ReportParseException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, limits);
    }
  }

  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }
}
