package dev.senderdomain.operator.report.store;

/**
 * The store could not be reached or refused a write. Unchecked because callers cannot fix it, only
 * retry later; whatever they were storing must then stay where it came from (the IMAP message stays
 * in the inbox). The message never contains the JDBC password.
 */
public final class ReportStoreException extends RuntimeException {
  public ReportStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
