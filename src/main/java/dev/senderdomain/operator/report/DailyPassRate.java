package dev.senderdomain.operator.report;

import java.time.LocalDate;

/** Messages and DMARC passes in the reports whose period begins on one UTC day. */
public record DailyPassRate(LocalDate day, long messages, long dmarcPass) {
  /** Percentage 0..100, or NaN on a day without messages. */
  public double passRate() {
    return messages == 0 ? Double.NaN : 100.0 * dmarcPass / messages;
  }
}
