package dev.senderdomain.operator.report;

/**
 * Resource limits for parsing one report. Anyone can mail the {@code rua} address, so every dimension an attacker
 * controls is capped; the defaults are far above anything a real receiver sends (the largest report in our corpus
 * is 0.9 MB with 2,286 records) and keep a 500,000-record report within a few hundred MiB of heap.
 *
 * @param maxInflatedBytes XML bytes handed to the XML parser, counted as they are inflated (the sizes a gzip
 *     trailer or zip header declares are never trusted); for a zip this is the total over all entries read
 * @param maxFieldChars characters in one run of text between two tags (a field value)
 * @param maxDepth element nesting depth ({@code feedback} is 1; a real report needs 5)
 * @param maxRecords {@code record} elements in one report
 * @param maxZipEntries entries examined in one zip archive
 */
public record ParserLimits(
    long maxInflatedBytes, int maxFieldChars, int maxDepth, int maxRecords, int maxZipEntries) {

  /** 256 MiB inflated, 64 KiB per field, depth 32, 1,000,000 records, 64 zip entries. */
  public static final ParserLimits DEFAULTS = new ParserLimits(256L << 20, 64 << 10, 32, 1_000_000, 64);

  public ParserLimits {
    if (maxInflatedBytes < 1 || maxFieldChars < 1 || maxDepth < 5 || maxRecords < 0 || maxZipEntries < 1) {
      throw new IllegalArgumentException(
          "limits must be positive and maxDepth at least 5 (the depth of a report field): " + this);
    }
  }

  public ParserLimits withMaxInflatedBytes(long value) {
    return new ParserLimits(value, maxFieldChars, maxDepth, maxRecords, maxZipEntries);
  }

  public ParserLimits withMaxFieldChars(int value) {
    return new ParserLimits(maxInflatedBytes, value, maxDepth, maxRecords, maxZipEntries);
  }

  public ParserLimits withMaxDepth(int value) {
    return new ParserLimits(maxInflatedBytes, maxFieldChars, value, maxRecords, maxZipEntries);
  }

  public ParserLimits withMaxRecords(int value) {
    return new ParserLimits(maxInflatedBytes, maxFieldChars, maxDepth, value, maxZipEntries);
  }

  public ParserLimits withMaxZipEntries(int value) {
    return new ParserLimits(maxInflatedBytes, maxFieldChars, maxDepth, maxRecords, value);
  }
}
