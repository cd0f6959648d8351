package dev.senderdomain.operator.report.store;

/** Outcome of storing one report. */
public enum StoreResult {
  /** First time this (org_name, report_id) was seen: stored, counts added. */
  NEW,
  /** Already stored (a reporter resending, or a re-read after a crash): nothing changed. */
  DUPLICATE
}
