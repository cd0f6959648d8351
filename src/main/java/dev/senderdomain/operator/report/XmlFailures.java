package dev.senderdomain.operator.report;

import java.io.CharConversionException;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

/**
 * Turns StAX and decompressor failures into one-line messages that say what is wrong with the
 * input.
 */
final class XmlFailures {
  private XmlFailures() {}

  static ReportParseException describe(XMLStreamException e, String where) {
    IOException io = ioCause(e);
    String position = position(e.getLocation());
    if (io instanceof CharConversionException) {
      return new ReportParseException(
          "invalid character encoding"
              + position
              + ": "
              + ReportParseException.clip(io.getMessage())
              + " (reports must be UTF-8"
              + " or declare their encoding)");
    }
    if (io instanceof Utf8CheckingInputStream.InvalidUtf8Exception
        || io instanceof MarkupGuardInputStream.MarkupTooLongException
        || io instanceof MarkupGuardInputStream.DoctypeException) {
      return new ReportParseException(io.getMessage());
    }
    if (io != null) {
      return describe(io, where);
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    int at = message.indexOf("Message: ");
    if (at >= 0) {
      message = message.substring(at + "Message: ".length());
    }
    if (message.contains("UTF-8") || message.contains("Invalid byte")) {
      return new ReportParseException(
          "invalid UTF-8" + position + ": " + ReportParseException.clip(message));
    }
    return new ReportParseException(
        "XML is not well-formed" + position + ": " + ReportParseException.clip(message));
  }

  /** Failures of the byte stream under the XML parser: bombs, truncation, corruption. */
  static ReportParseException describe(IOException e, String where) {
    if (e instanceof InflatedByteBudget.ExceededException) {
      return new ReportParseException(e.getMessage(), e);
    }
    if (e instanceof Utf8CheckingInputStream.InvalidUtf8Exception
        || e instanceof MarkupGuardInputStream.MarkupTooLongException
        || e instanceof MarkupGuardInputStream.DoctypeException) {
      return new ReportParseException(e.getMessage());
    }
    if (e instanceof CharConversionException) {
      return new ReportParseException(
          "invalid character encoding: " + ReportParseException.clip(e.getMessage()));
    }
    if (e instanceof EOFException) {
      return new ReportParseException(where + " is truncated (compressed data ends early)");
    }
    if (e instanceof ZipException) {
      return new ReportParseException(
          where + " is corrupt: " + ReportParseException.clip(e.getMessage()));
    }
    return new ReportParseException(
        "cannot read " + where + ": " + ReportParseException.clip(e.getMessage()));
  }

  private static IOException ioCause(XMLStreamException e) {
    Throwable t = e.getNestedException() != null ? e.getNestedException() : e.getCause();
    for (int i = 0; t != null && i < 8; i++) {
      if (t instanceof IOException io) {
        return io;
      }
      t =
          t instanceof XMLStreamException x && x.getNestedException() != null
              ? x.getNestedException()
              : t.getCause();
    }
    return null;
  }

  private static String position(Location location) {
    if (location == null || location.getLineNumber() < 0) {
      return "";
    }
    return " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
  }
}
