package dev.senderdomain.operator.report;

import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A recursive-descent view of a StAX stream that enforces the nesting and field-length limits on
 * every event, including inside elements we skip, and refuses any DOCTYPE (no DTD, no entities: RFC
 * 7489 appendix C reports are plain schema-less XML, so a DTD can only be an XXE or
 * entity-expansion attempt).
 */
final class XmlCursor {
  private final XMLStreamReader reader;
  private final ParserLimits limits;
  private final Deque<String> path = new ArrayDeque<>();
  private final StringBuilder text = new StringBuilder();

  XmlCursor(XMLStreamReader reader, ParserLimits limits) {
    this.reader = reader;
    this.limits = limits;
  }

  /** Advances to the root element and returns its local name. */
  String root() throws XMLStreamException, ReportParseException {
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.DTD) {
        throw dtd();
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        enter();
        return reader.getLocalName();
      }
    }
    throw new ReportParseException("document has no root element");
  }

  /**
   * Advances to the next child element of the current element and returns true, or consumes the
   * current element's end tag and returns false.
   */
  boolean nextChild() throws XMLStreamException, ReportParseException {
    int run = 0;
    while (true) {
      int event = reader.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          enter();
          return true;
        }
        case XMLStreamConstants.END_ELEMENT -> {
          path.pop();
          return false;
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          run += reader.getTextLength();
          checkLength(run);
        }
        case XMLStreamConstants.DTD -> throw dtd();
        case XMLStreamConstants.END_DOCUMENT ->
            throw new ReportParseException("document ends inside " + path());
        default -> {
          // comments and processing instructions carry nothing for us
        }
      }
    }
  }

  /** Local name of the element the cursor is on. */
  String name() {
    return path.peek();
  }

  /**
   * Reads the text of the current element up to and including its end tag, stripped of surrounding
   * white space (reporters pad values with tabs, CR and LF). Child elements inside a field are
   * skipped.
   */
  String text() throws XMLStreamException, ReportParseException {
    // Almost every value arrives as one CHARACTERS event: it becomes a String in one copy; only a
    // value split over several events (entities, CDATA, a buffer boundary) goes through the
    // builder.
    String single = null;
    boolean several = false;
    while (true) {
      int event = reader.next();
      switch (event) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          int length = reader.getTextLength();
          if (single == null && !several) {
            checkLength(length);
            single = new String(reader.getTextCharacters(), reader.getTextStart(), length);
          } else {
            if (!several) {
              text.setLength(0);
              text.append(single);
              several = true;
            }
            checkLength(text.length() + length);
            text.append(reader.getTextCharacters(), reader.getTextStart(), length);
          }
        }
        case XMLStreamConstants.START_ELEMENT -> {
          enter();
          skip();
        }
        case XMLStreamConstants.END_ELEMENT -> {
          path.pop();
          return several ? text.toString().strip() : single == null ? "" : single.strip();
        }
        case XMLStreamConstants.DTD -> throw dtd();
        case XMLStreamConstants.END_DOCUMENT ->
            throw new ReportParseException("document ends inside " + path());
        default -> {
          // comments and processing instructions inside a value are dropped
        }
      }
    }
  }

  /** Skips the current element and everything in it, still enforcing the limits. */
  void skip() throws XMLStreamException, ReportParseException {
    while (nextChild()) {
      skip();
    }
  }

  /** Number of elements open around the cursor (the root is 1). */
  int depth() {
    return path.size();
  }

  /**
   * Reads on until the element that was open at {@code depth} is closed, wherever inside it the
   * cursor stopped (used to step over a record whose field was bad); limits still apply.
   */
  void leave(int depth) throws XMLStreamException, ReportParseException {
    while (path.size() >= depth) {
      if (nextChild()) {
        skip();
      }
    }
  }

  /**
   * Reads past the root element's end, so trailing garbage after the document is still reported.
   */
  void finish() throws XMLStreamException, ReportParseException {
    while (reader.hasNext()) {
      int event = reader.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        throw new ReportParseException("document has more than one root element");
      }
    }
  }

  /** Slash-separated path of the current element below the root, for error messages. */
  String path() {
    StringBuilder out = new StringBuilder();
    var it = path.descendingIterator();
    if (it.hasNext()) {
      it.next(); // the root (feedback) is implied
    }
    while (it.hasNext()) {
      out.append(out.length() == 0 ? "" : "/").append(it.next());
    }
    return out.length() == 0 ? "feedback" : out.toString();
  }

  private void enter() throws ReportParseException {
    if (path.size() >= limits.maxDepth()) {
      throw new ReportParseException(
          "elements are nested deeper than "
              + limits.maxDepth()
              + " levels (limit maxDepth) at "
              + path());
    }
    path.push(reader.getLocalName());
  }

  private void checkLength(int length) throws ReportParseException {
    if (length > limits.maxFieldChars()) {
      throw new ReportParseException(
          "text in "
              + path()
              + " is longer than "
              + limits.maxFieldChars()
              + " characters (limit maxFieldChars)");
    }
  }

  private static ReportParseException dtd() {
    return new ReportParseException(
        "document contains a DOCTYPE declaration; DTDs and entities are not allowed in DMARC reports");
  }
}
