package dev.senderdomain.operator.report;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes that actually come out of a decompressor (or a plain file) and fails once the
 * budget is spent. Declared sizes (gzip ISIZE, zip headers) are never consulted: they are written
 * by the sender.
 */
final class InflatedByteBudget {
  private final long max;
  private long used;

  InflatedByteBudget(long max) {
    this.max = max;
  }

  long used() {
    return used;
  }

  /** Wraps {@code in} so that every byte read from it is charged to this budget. */
  InputStream meter(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          charge(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          charge(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        // Skipping still inflates; route it through read so the bytes are charged.
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
          int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
          if (r < 0) {
            break;
          }
          skipped += r;
        }
        return skipped;
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    };
  }

  private void charge(int n) throws ExceededException {
    used += n;
    if (used > max) {
      throw new ExceededException(max);
    }
  }

  /**
   * Thrown through the XML parser and decompressors; the parser turns it into a {@link
   * ReportParseException}.
   */
  static final class ExceededException extends IOException {
    ExceededException(long max) {
      super(
          "report inflates to more than "
              + max
              + " bytes (limit maxInflatedBytes); rejected as a possible"
              + " decompression bomb");
    }
  }
}
