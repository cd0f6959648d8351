package dev.senderdomain.operator.report;

/**
 * Resource limits for parsing one report. Anyone can mail the {@code rua} address, so every
 * dimension an attacker controls is capped. The defaults are far above anything a real receiver
 * sends (the largest report in our corpus is 0.9 MB with 2,286 records; 128 MiB is about 195,000
 * records in a Google-like layout of ~690 bytes per record) and bound the parsed model: it retains
 * at most about 2.3 times the XML bytes even for adversarial input (many distinct strings), so
 * about 300 MiB of heap with the defaults. Lower {@code maxInflatedBytes} for a smaller heap; raise
 * it (as the 200,000-record test does) for very large legitimate reports.
 *
 * @param maxInflatedBytes XML bytes handed to the XML parser, counted as they are inflated (the
 *     sizes a gzip trailer or zip header declares are never trusted); for a zip this is the total
 *     over all entries read
 * @param maxFieldChars characters in one run of text between two tags (a field value)
 * @param maxDepth element nesting depth ({@code feedback} is 1; a real report needs 5)
 * @param maxRecords {@code record} elements in one report
 * @param maxZipEntries entries examined in one zip archive
 * @param maxEntriesPerRecord DKIM results, SPF results and override reasons, each, in one record
 *     (real reports have a handful; the cap keeps a record from multiplying tiny elements into many
 *     objects)
 */
public record ParserLimits(
    long maxInflatedBytes,
    int maxFieldChars,
    int maxDepth,
    int maxRecords,
    int maxZipEntries,
    int maxEntriesPerRecord) {

  /**
   * 128 MiB inflated, 64 KiB per field, depth 32, 1,000,000 records, 64 zip entries, 100 entries
   * per record.
   */
  public static final ParserLimits DEFAULTS =
      new ParserLimits(128L << 20, 64 << 10, 32, 1_000_000, 64, 100);

  public ParserLimits {
    if (maxInflatedBytes < 1
        || maxFieldChars < 1
        || maxDepth < 5
        || maxRecords < 0
        || maxZipEntries < 1
        || maxEntriesPerRecord < 1) {
      throw new IllegalArgumentException(
          "limits must be positive and maxDepth at least 5 (the depth of a report field): " + this);
    }
  }

  public ParserLimits withMaxInflatedBytes(long value) {
    return new ParserLimits(
        value, maxFieldChars, maxDepth, maxRecords, maxZipEntries, maxEntriesPerRecord);
  }

  public ParserLimits withMaxFieldChars(int value) {
    return new ParserLimits(
        maxInflatedBytes, value, maxDepth, maxRecords, maxZipEntries, maxEntriesPerRecord);
  }

  public ParserLimits withMaxDepth(int value) {
    return new ParserLimits(
        maxInflatedBytes, maxFieldChars, value, maxRecords, maxZipEntries, maxEntriesPerRecord);
  }

  public ParserLimits withMaxRecords(int value) {
    return new ParserLimits(
        maxInflatedBytes, maxFieldChars, maxDepth, value, maxZipEntries, maxEntriesPerRecord);
  }

  public ParserLimits withMaxZipEntries(int value) {
    return new ParserLimits(
        maxInflatedBytes, maxFieldChars, maxDepth, maxRecords, value, maxEntriesPerRecord);
  }

  public ParserLimits withMaxEntriesPerRecord(int value) {
    return new ParserLimits(
        maxInflatedBytes, maxFieldChars, maxDepth, maxRecords, maxZipEntries, value);
  }
}
