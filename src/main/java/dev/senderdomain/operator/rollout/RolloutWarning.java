package dev.senderdomain.operator.rollout;

/** Something the domain owner should know about the rollout, and why. */
public record RolloutWarning(Reason reason, String message) {
  /** The closed set of reasons; the reconciler maps each to a condition reason. */
  public enum Reason {
    /** The window has fewer days than the ladder has steps: some percentages are skipped. */
    WINDOW_COMPRESSED,
    /** Even one change a day cannot reach the target by targetDate: completion moves later. */
    TARGET_DATE_MISSED,
    /** spec.dmarc.rollout.paused holds the step in effect. */
    PAUSED,
    /** The report gate holds the next step. */
    GATE_HELD,
    /** status.dmarc had no usable step: resumed at the step the schedule gives for now. */
    STATE_RECOVERED,
    /** The target was lowered: stepped down at once. */
    STEPPED_DOWN,
    /**
     * The organizational domain's record applies a stricter policy to this domain than the step in
     * effect.
     */
    ORG_DOMAIN_STRICTER,
    /**
     * sp/np published on a domain that is not its own organizational domain: receivers do not use
     * them.
     */
    SUBDOMAIN_POLICY_IGNORED,
    /**
     * RFC 7489 (public suffix list) and RFC 9989 (tree walk) receivers see different organizational
     * domains.
     */
    ORG_DOMAIN_DIFFERS;
  }
}
