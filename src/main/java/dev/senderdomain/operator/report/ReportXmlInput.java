package dev.senderdomain.operator.report;

import static dev.senderdomain.operator.report.ReportParseException.quote;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * How report bytes reach the XML parser: the encoding decided, the byte-level guards in front, and
 * the JDK's StAX implementation with every external access off. What is read from the elements is
 * {@link FeedbackXmlReader}'s business.
 */
final class ReportXmlInput {
  private static final Pattern ENCODING =
      Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

  /**
   * Single-byte encodings that agree with ASCII, so the byte-level guards still see every '<' and
   * '>'.
   */
  private static final Pattern ASCII_COMPATIBLE =
      Pattern.compile(
          "(?i)(ISO-?8859-\\d{1,2}|ISO_8859-\\d{1,2}|LATIN-?[0-9]|(WINDOWS|CP)-?125\\d|US-ASCII|ASCII)");

  private ReportXmlInput() {}

  /**
   * A StAX reader over {@code xml}, which stays open after the document (a zip entry must stay
   * readable after it: the JDK parser closes its input at the end of the document).
   */
  static XMLStreamReader open(InputStream xml, ParserLimits limits)
      throws IOException, XMLStreamException, ReportParseException {
    BufferedInputStream in =
        new BufferedInputStream(
            new FilterInputStream(xml) {
              @Override
              public void close() {}
            },
            8192);
    InputStream bytes = decoded(in, limits);
    return bytes instanceof Utf8CheckingInputStream
        ? factory().createXMLStreamReader(bytes, "UTF-8")
        : factory().createXMLStreamReader(bytes);
  }

  /**
   * Decides how the bytes reach the parser. UTF-8 documents (BOM, {@code encoding="UTF-8"} or no
   * declaration: RFC 7489 appendix C reports are UTF-8) are checked by {@link
   * Utf8CheckingInputStream}, so a bad byte is a clean error with its position; other
   * ASCII-compatible encodings a document declares (ISO-8859-1, windows-1252) are decoded by the
   * parser. UTF-16 and UTF-32 are refused: no receiver sends them and the byte-level {@link
   * MarkupGuardInputStream} could not read them. Skips a UTF-8 BOM.
   */
  private static InputStream decoded(BufferedInputStream in, ParserLimits limits)
      throws IOException, ReportParseException {
    in.mark(256);
    byte[] head = in.readNBytes(256);
    in.reset();
    if (head.length >= 2 && (head[0] == 0 || head[1] == 0 || (head[0] & 0xff) >= 0xfe)) {
      throw new ReportParseException(
          "document is UTF-16 or UTF-32 encoded; DMARC reports must be UTF-8");
    }
    int start =
        head.length >= 3
                && (head[0] & 0xff) == 0xef
                && (head[1] & 0xff) == 0xbb
                && (head[2] & 0xff) == 0xbf
            ? 3
            : 0;
    in.skipNBytes(start);
    InputStream guarded = new MarkupGuardInputStream(in, limits.maxFieldChars());
    String text = new String(head, start, head.length - start, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("<?xml")) {
      return new Utf8CheckingInputStream(guarded);
    }
    int end = text.indexOf("?>");
    Matcher m = ENCODING.matcher(end < 0 ? text : text.substring(0, end));
    if (!m.find() || m.group(1).equalsIgnoreCase("UTF-8") || m.group(1).equalsIgnoreCase("UTF8")) {
      return new Utf8CheckingInputStream(guarded);
    }
    if (!ASCII_COMPATIBLE.matcher(m.group(1)).matches()) {
      throw new ReportParseException(
          "document declares encoding "
              + quote(m.group(1))
              + "; DMARC reports must be UTF-8 (ISO-8859-x, windows-125x and US-ASCII are also read)");
    }
    return guarded;
  }

  /**
   * The JDK's own StAX implementation, whatever else is on the class path, with every external
   * access off.
   */
  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXMLReporter(
        (message, type, info, location) -> {
          // warnings are not errors; fatal errors arrive as XMLStreamException
        });
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external resources are not loaded: " + quote(systemId));
        });
    return factory;
  }
}
