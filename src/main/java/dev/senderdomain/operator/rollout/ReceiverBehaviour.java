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
      return "test mode (t=y): no action, as p=none";
    }
    String all =
        step.policy() == DmarcPolicy.QUARANTINE
            ? "quarantines all failing mail"
            : "rejects all failing mail";
    return step.pct() < 100 ? all + " (ignores pct)" : all;
  }
}
