package dev.senderdomain.operator.rollout;

/**
 * The report gate's verdict, computed by the caller from the aggregate reports (a later feature):
 * whether the rollout may take a step up now. A held gate keeps the step in effect and looks again
 * at the next daily grid instant. Steps down are never gated (loosening is always safe).
 */
public record GateStatus(boolean open, String reason) {
  /** No gate configured, or the reports allow the step. */
  public static final GateStatus OPEN = new GateStatus(true, "");

  public GateStatus {
    reason = reason == null ? "" : reason;
  }

  /** The gate holds the rollout, e.g. "pass rate 91.2% below 98% over 7d". */
  public static GateStatus held(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a held gate needs a reason");
    }
    return new GateStatus(false, reason);
  }
}
