package dev.senderdomain.operator.report;

import static dev.senderdomain.operator.report.ReportParseException.quote;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unwraps the container a report arrives in, chosen by magic bytes, never by file name (RFC 7489
 * 7.2.1.1 names gzip and zip): gzip ({@code 1f 8b}), zip ({@code PK 03 04}), or bare XML. One gzip
 * inside a zip entry is accepted; anything nested deeper is rejected. Entry names are only used in
 * messages: nothing is written to disk.
 */
final class ReportContainer {
  private static final int SNIFF = 512;

  enum Kind {
    GZIP,
    ZIP,
    EMPTY_ZIP,
    XML,
    EMPTY,
    UNKNOWN
  }

  private final ParserLimits limits;
  private final InflatedByteBudget budget;

  ReportContainer(ParserLimits limits) {
    this.limits = limits;
    this.budget = new InflatedByteBudget(limits.maxInflatedBytes());
  }

  AggregateReport read(InputStream raw) throws ReportParseException {
    try {
      BufferedInputStream in = new BufferedInputStream(raw, 8192);
      byte[] head = peek(in);
      return switch (kind(head)) {
        case GZIP -> gunzip(in, "gzip stream");
        case ZIP -> unzip(in);
        case EMPTY_ZIP -> throw new ReportParseException("zip archive holds no entries");
        case XML -> FeedbackXmlReader.read(budget.meter(in), "input", limits);
        case EMPTY -> throw new ReportParseException("input is empty");
        case UNKNOWN ->
            throw new ReportParseException(
                "input is neither XML, gzip nor zip (starts with bytes " + hex(head) + ")");
      };
    } catch (IOException e) {
      throw XmlFailures.describe(e, "input");
    }
  }

  private AggregateReport gunzip(InputStream in, String where)
      throws IOException, ReportParseException {
    BufferedInputStream xml;
    byte[] head;
    try {
      xml = new BufferedInputStream(budget.meter(new GZIPInputStream(in, 8192)), 8192);
      head = peek(xml);
    } catch (IOException e) {
      throw XmlFailures.describe(e, where);
    }
    Kind inner = kind(head);
    if (inner != Kind.XML) {
      throw new ReportParseException(where + " " + describeNonXml(inner, head));
    }
    return FeedbackXmlReader.read(xml, where, limits);
  }

  private AggregateReport unzip(InputStream in) throws IOException, ReportParseException {
    ZipInputStream zip = new ZipInputStream(in);
    AggregateReport report = null;
    String reportEntry = null;
    List<String> skipped = new ArrayList<>();
    int entries = 0;
    while (true) {
      ZipEntry entry;
      try {
        entry = zip.getNextEntry();
      } catch (IOException e) {
        throw XmlFailures.describe(e, "zip archive");
      } catch (IllegalArgumentException e) {
        // ZipInputStream decodes names flagged as UTF-8 strictly and reports bad bytes this way
        throw new ReportParseException("zip archive has an entry name that is not valid UTF-8");
      }
      if (entry == null) {
        break;
      }
      if (++entries > limits.maxZipEntries()) {
        throw new ReportParseException(
            "zip archive has more than "
                + limits.maxZipEntries()
                + " entries (limit maxZipEntries)");
      }
      String name = entry.getName();
      String where = "zip entry " + quote(name);
      // Entry data is always read through the budget, even when skipped: ZipInputStream would
      // otherwise inflate
      // a skipped entry on its own, uncounted.
      BufferedInputStream data = new BufferedInputStream(budget.meter(new KeepOpen(zip)), 8192);
      if (entry.isDirectory() || isMacMetadata(name)) {
        drain(data, where);
        continue;
      }
      byte[] head;
      try {
        head = peek(data);
      } catch (IOException e) {
        throw XmlFailures.describe(e, where);
      }
      Kind kind = kind(head);
      if (kind == Kind.XML || kind == Kind.GZIP) {
        if (report != null) {
          throw new ReportParseException(
              "zip archive holds more than one report ("
                  + reportEntry
                  + " and "
                  + where
                  + "); send one report per archive (RFC 7489 7.2.1.1)");
        }
        report =
            kind == Kind.XML ? FeedbackXmlReader.read(data, where, limits) : gunzip(data, where);
        reportEntry = where;
      } else {
        skipped.add(quote(name));
      }
      drain(data, where);
    }
    if (report == null) {
      throw new ReportParseException(
          entries == 0
              ? "zip archive holds no entries"
              : "zip archive holds no XML report"
                  + (skipped.isEmpty()
                      ? ""
                      : " (entries "
                          + String.join(", ", skipped.subList(0, Math.min(5, skipped.size())))
                          + ")"));
    }
    return report;
  }

  private static void drain(InputStream data, String where) throws ReportParseException {
    byte[] buffer = new byte[8192];
    try {
      while (data.read(buffer) >= 0) {
        // counted by the budget
      }
    } catch (IOException e) {
      throw XmlFailures.describe(e, where);
    }
  }

  /** __MACOSX/ holds AppleDouble resource forks that macOS's archiver adds next to every file. */
  private static boolean isMacMetadata(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    return name.startsWith("__MACOSX/") || base.startsWith("._");
  }

  private static byte[] peek(BufferedInputStream in) throws IOException {
    in.mark(SNIFF);
    byte[] head = in.readNBytes(SNIFF);
    in.reset();
    return head;
  }

  static Kind kind(byte[] head) {
    int n = head.length;
    if (n == 0) {
      return Kind.EMPTY;
    }
    int b0 = head[0] & 0xff;
    int b1 = n > 1 ? head[1] & 0xff : -1;
    if (b0 == 0x1f && b1 == 0x8b) {
      return Kind.GZIP;
    }
    if (n >= 4 && b0 == 'P' && b1 == 'K' && head[2] == 3 && head[3] == 4) {
      return Kind.ZIP;
    }
    if (n >= 4 && b0 == 'P' && b1 == 'K' && head[2] == 5 && head[3] == 6) {
      return Kind.EMPTY_ZIP;
    }
    if ((b0 == 0xfe && b1 == 0xff)
        || (b0 == 0xff && b1 == 0xfe)
        || (b0 == 0 && b1 == '<')
        || (b0 == '<' && b1 == 0)) {
      return Kind.XML; // UTF-16, with or without byte-order mark
    }
    int i = n >= 3 && b0 == 0xef && b1 == 0xbb && (head[2] & 0xff) == 0xbf ? 3 : 0;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
      i++;
    }
    if (i == n) {
      return n < SNIFF ? Kind.EMPTY : Kind.XML;
    }
    return head[i] == '<' ? Kind.XML : Kind.UNKNOWN;
  }

  private static String describeNonXml(Kind kind, byte[] head) {
    return switch (kind) {
      case GZIP, ZIP, EMPTY_ZIP ->
          "holds another compressed container ("
              + kind.name().toLowerCase().replace('_', ' ')
              + "); only one level of compression is accepted";
      case EMPTY -> "is empty";
      default -> "does not hold XML (starts with bytes " + hex(head) + ")";
    };
  }

  private static String hex(byte[] head) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(8, head.length); i++) {
      out.append(i == 0 ? "" : " ").append(String.format("%02x", head[i] & 0xff));
    }
    return out.toString();
  }

  /** The XML parser closes what it reads; a zip entry must not close the whole archive. */
  private static final class KeepOpen extends FilterInputStream {
    KeepOpen(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the ZipInputStream stays open for the next entry
    }
  }
}
