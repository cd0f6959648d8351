package dev.senderdomain.operator.rollout;

/**
 * What each kind of receiver does with mail that fails DMARC under a published step: an RFC 7489
 * receiver that samples by {@code pct} (e.g. Microsoft 365), and an RFC 9989 receiver, which
 * ignores {@code pct} and honours {@code t}. Short strings for the {@code plan} output and the
 * docs.
 */
public record ReceiverBehaviour(String legacy, String rfc9989) {

  public static ReceiverBehaviour of(DmarcStep step) {
    return new ReceiverBehaviour(legacy(step), rfc9989(step));
  }

  /**
   * How much an RFC 7489 receiver does to failing mail under {@code step}, as a rank that never
   * falls along a rollout: 0 (nothing) .. 100 (quarantine all) .. 200 (reject all). Outside the pct
   * sample mail gets the next policy down (RFC 7489 6.6.4), so {@code p=reject; pct=n} is 100 + n.
   */
  public static int legacyLevel(DmarcStep step) {
    return switch (step.policy()) {
      case NONE -> 0;
      case QUARANTINE -> step.pct();
      case REJECT -> 100 + step.pct();
    };
  }

  /**
   * The least an RFC 9989 receiver does to failing mail under {@code step}: 0 nothing, 1 quarantine
   * all, 2 reject all. With {@code t=y} the policy is not applied (test mode).
   */
  public static int rfc9989Least(DmarcStep step) {
    return step.testing() ? 0 : step.policy().ordinal();
  }

  /**
   * The most an RFC 9989 receiver does under {@code step}. {@code t=y} is the analogue of RFC 7489
   * {@code pct=0} (RFC 9989, removal of the pct tag), which some receivers read as the next policy
   * down: at most quarantine for {@code p=reject; t=y}. A step never lowers protection when the
   * least after it is at least the most before it.
   */
  public static int rfc9989Most(DmarcStep step) {
    int level = step.policy().ordinal();
    return step.testing() ? Math.max(0, level - 1) : level;
  }

  // RFC 7489 6.6.4: mail outside the pct sample gets the next policy down (reject -> quarantine,
  // quarantine -> none).
  private static String legacy(DmarcStep step) {
    return switch (step.policy()) {
      case NONE -> "no action (monitoring, reports only)";
      case QUARANTINE ->
          step.pct() < 100
              ? "quarantines " + step.pct() + "% of failing mail, delivers the rest"
              : "quarantines all failing mail";
      case REJECT ->
          step.pct() < 100
              ? "rejects " + step.pct() + "% of failing mail, quarantines the rest"
              : "rejects all failing mail";
    };
  }

  // RFC 9989: pct is historic and ignored; t=y asks receivers not to apply the policy (test mode).
  private static String rfc9989(DmarcStep step) {
    if (step.policy() == DmarcPolicy.NONE) {
      return "no action (monitoring, reports only)";
    }
    if (step.testing()) {
      return step.policy() == DmarcPolicy.REJECT
          ? "test mode (t=y): no action, some quarantine (as pct=0)"
          : "test mode (t=y): no action, as p=none";
    }
    String all =
        step.policy() == DmarcPolicy.QUARANTINE
            ? "quarantines all failing mail"
            : "rejects all failing mail";
    return step.pct() < 100 ? all + " (ignores pct)" : all;
  }
}
