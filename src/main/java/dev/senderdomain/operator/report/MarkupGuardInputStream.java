package dev.senderdomain.operator.report;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A byte-level pre-scan of XML in an ASCII-compatible encoding. The JDK's StAX parser hands text to
 * us in chunks, but buffers a whole comment, CDATA section, processing instruction, tag (with its
 * attributes) or DOCTYPE before reporting it, so one such construct could fill the heap with up to
 * {@code maxInflatedBytes} of input. This stream fails as soon as any markup construct exceeds the
 * limit, and refuses a DOCTYPE before the parser sees a byte of it.
 */
final class MarkupGuardInputStream extends FilterInputStream {
  private enum State {
    TEXT,
    OPEN,
    BANG,
    TAG,
    QUOTED,
    COMMENT,
    CDATA,
    PI
  }

  private static final byte[] CDATA_OPEN = {'[', 'C', 'D', 'A', 'T', 'A', '['};

  private final int max;
  private State state = State.TEXT;
  private long length;
  private int quote;
  private int matched; // bytes of "<!" prefix or of a closing sequence matched so far
  private int last1;
  private int last2;

  MarkupGuardInputStream(InputStream in, int maxMarkupBytes) {
    super(in);
    this.max = maxMarkupBytes;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      scan(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    int end = off + Math.max(n, 0);
    int i = off;
    while (i < end) {
      // Hot paths in locals: plain text needs one comparison per byte, the inside of an ordinary
      // tag three.
      if (state == State.TEXT) {
        while (i < end && buf[i] != '<') {
          i++;
        }
      } else if (state == State.TAG) {
        long count = length;
        while (i < end) {
          byte b = buf[i];
          if (b == '>' || b == '"' || b == '\'') {
            break;
          }
          count++;
          i++;
        }
        length = count;
        if (count > max) {
          throw new MarkupTooLongException(kind(), max);
        }
      }
      if (i < end) {
        scan(buf[i++] & 0xff);
      }
    }
    return n;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void scan(int b) throws IOException {
    if (state == State.TEXT) {
      if (b == '<') {
        state = State.OPEN;
        length = 1;
      }
      return;
    }
    if (++length > max) {
      throw new MarkupTooLongException(kind(), max);
    }
    switch (state) {
      case OPEN -> {
        if (b == '!') {
          state = State.BANG;
          matched = 0;
        } else if (b == '?') {
          state = State.PI;
          last1 = 0;
        } else {
          state = State.TAG;
          tag(b);
        }
      }
      case BANG -> bang(b);
      case TAG -> tag(b);
      case QUOTED -> {
        if (b == quote) {
          state = State.TAG;
        }
      }
      case COMMENT -> close(b, '-', '-');
      case CDATA -> close(b, ']', ']');
      case PI -> {
        if (last1 == '?' && b == '>') {
          state = State.TEXT;
        }
        last1 = b;
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void bang(int b) throws IOException {
    if (matched == 0 && (b == 'D' || b == 'd')) {
      throw new DoctypeException();
    }
    if (matched == 0 && b == '-') {
      matched = -1; // "<!-" so far
    } else if (matched == -1 && b == '-') {
      state = State.COMMENT;
      last1 = 0;
      last2 = 0;
    } else if (matched >= 0 && matched < CDATA_OPEN.length && b == CDATA_OPEN[matched]) {
      if (++matched == CDATA_OPEN.length) {
        state = State.CDATA;
        last1 = 0;
        last2 = 0;
      }
    } else {
      state = State.TAG; // not well-formed anyway; the parser will say so
      tag(b);
    }
  }

  private void tag(int b) {
    if (b == '"' || b == '\'') {
      quote = b;
      state = State.QUOTED;
    } else if (b == '>') {
      state = State.TEXT;
    }
  }

  private void close(int b, int first, int second) {
    if (b == '>' && last1 == second && last2 == first) {
      state = State.TEXT;
    }
    last2 = last1;
    last1 = b;
  }

  private String kind() {
    return switch (state) {
      case COMMENT -> "a comment";
      case CDATA -> "a CDATA section";
      case PI -> "a processing instruction";
      default -> "a tag";
    };
  }

  /** Mapped to a {@link ReportParseException} by {@link XmlFailures}. */
  static final class MarkupTooLongException extends IOException {
    MarkupTooLongException(String kind, int max) {
      super(kind + " is longer than " + max + " bytes (limit maxFieldChars)");
    }
  }

  static final class DoctypeException extends IOException {
    DoctypeException() {
      super(
          "document contains a DOCTYPE declaration; DTDs and entities are not allowed in DMARC reports");
    }
  }
}
