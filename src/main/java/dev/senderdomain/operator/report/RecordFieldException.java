package dev.senderdomain.operator.report;

/**
 * One {@code record} has an unusable field (a value, a repeated or a missing element). Unlike the
 * other {@link ReportParseException}s it does not reject the report: the record is skipped and
 * counted in {@link SkippedRecords}. Resource limits and XML errors are never of this kind.
 */
final class RecordFieldException extends ReportParseException {
  RecordFieldException(String message) {
    super(message);
  }
}
