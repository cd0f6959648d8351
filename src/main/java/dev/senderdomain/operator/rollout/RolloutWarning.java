package dev.senderdomain.operator.rollout;

/**
 * Something the domain owner should know about the rollout; {@link Reason#condition()} is a
 * PascalCase reason.
 */
public record RolloutWarning(Reason reason, String message) {
  /** The closed set of reasons, usable as Kubernetes condition reasons. */
  public enum Reason {
    /** The window has fewer days than the ladder has steps: some percentages are skipped. */
    WINDOW_COMPRESSED("WindowCompressed"),
    /** Even one change a day cannot reach the target by targetDate: completion moves later. */
    TARGET_DATE_MISSED("TargetDateMissed"),
    /** spec.dmarc.rollout.paused holds the step in effect. */
    PAUSED("Paused"),
    /** The report gate holds the next step. */
    GATE_HELD("GateHeld"),
    /** status.dmarc had no usable step: resumed at the step the schedule gives for now. */
    STATE_RECOVERED("StateRecovered"),
    /** The target was lowered: stepped down at once. */
    STEPPED_DOWN("SteppedDown"),
    /**
     * The organizational domain's record applies a stricter policy to this domain than the step in
     * effect.
     */
    ORG_DOMAIN_STRICTER("OrgDomainPolicyStricter"),
    /**
     * sp/np published on a domain that is not its own organizational domain: receivers do not use
     * them.
     */
    SUBDOMAIN_POLICY_IGNORED("SubdomainPolicyIgnored"),
    /**
     * RFC 7489 (public suffix list) and RFC 9989 (tree walk) receivers see different organizational
     * domains.
     */
    ORG_DOMAIN_DIFFERS("OrgDomainDiffers");

    private final String condition;

    Reason(String condition) {
      this.condition = condition;
    }

    public String condition() {
      return condition;
    }
  }
}
