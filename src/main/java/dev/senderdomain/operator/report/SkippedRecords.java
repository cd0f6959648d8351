package dev.senderdomain.operator.report;

import java.util.List;

/**
 * Records of a report that were left out because a field was unusable (a {@code source_ip} that is
 * not an address, a negative {@code count}, an unknown verdict, a field given twice): one bad row
 * must not cost a receiver's whole day of data, so the parser reports it and keeps the rest.
 *
 * @param count how many records were left out
 * @param reasons one line each, naming the record and field, for the first {@link #MAX_REASONS} (a
 *     hostile report may have a million bad records; their reasons are not all kept)
 */
public record SkippedRecords(int count, List<String> reasons) {
  /** Reasons kept per report. */
  public static final int MAX_REASONS = 100;

  public static final SkippedRecords NONE = new SkippedRecords(0, List.of());

  public SkippedRecords {
    reasons = List.copyOf(reasons);
    if (count < reasons.size()) {
      throw new IllegalArgumentException("count " + count + " < reasons " + reasons.size());
    }
  }

  public boolean isEmpty() {
    return count == 0;
  }
}
