package dev.senderdomain.operator.report;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through while checking that they are well-formed UTF-8 (Unicode 15, table 3-7: no
 * overlong forms, no surrogates, nothing above U+10FFFF), so a bad byte is reported with its exact
 * line and byte offset.
 */
final class Utf8CheckingInputStream extends FilterInputStream {
  private long offset;
  private long line = 1;
  private int pending; // continuation bytes still expected
  private int lower = 0x80; // allowed range of the next continuation byte
  private int upper = 0xbf;

  Utf8CheckingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      check(b);
    } else if (pending > 0) {
      throw new InvalidUtf8Exception(
          "UTF-8 sequence cut off at the end of the input", line, offset);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    int end = off + Math.max(n, 0);
    int i = off;
    while (i < end) {
      if (pending == 0) {
        int start = i;
        while (i < end && buf[i] > '\n') {
          i++; // ASCII other than LF and controls: nothing to check
        }
        offset += i - start;
      }
      if (i < end) {
        check(buf[i++] & 0xff);
      }
    }
    if (n < 0 && pending > 0) {
      throw new InvalidUtf8Exception(
          "UTF-8 sequence cut off at the end of the input", line, offset);
    }
    return n;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check(int b) throws InvalidUtf8Exception {
    if (pending > 0) {
      if (b < lower || b > upper) {
        throw new InvalidUtf8Exception(String.format("invalid UTF-8 byte 0x%02x", b), line, offset);
      }
      pending--;
      lower = 0x80;
      upper = 0xbf;
    } else if (b >= 0x80) {
      if (b >= 0xc2 && b <= 0xdf) {
        pending = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        pending = 2;
        lower = b == 0xe0 ? 0xa0 : 0x80; // no overlong 3-byte forms
        upper = b == 0xed ? 0x9f : 0xbf; // no UTF-16 surrogates
      } else if (b >= 0xf0 && b <= 0xf4) {
        pending = 3;
        lower = b == 0xf0 ? 0x90 : 0x80;
        upper = b == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
      } else {
        throw new InvalidUtf8Exception(String.format("invalid UTF-8 byte 0x%02x", b), line, offset);
      }
    } else if (b == '\n') {
      line++;
    }
    offset++;
  }

  /**
   * Raised through the XML parser; mapped to a {@link ReportParseException} by {@link XmlFailures}.
   */
  static final class InvalidUtf8Exception extends IOException {
    InvalidUtf8Exception(String what, long line, long offset) {
      super(what + " at line " + line + " (byte " + offset + " of the XML)");
    }
  }
}
