package dev.senderdomain.operator.rollout;

/**
 * One published DMARC state: the policy, the RFC 7489 {@code pct} (100 = not ramping, not
 * published) and whether the RFC 9989 {@code t=y} testing flag is published. {@code p=none} is
 * always {@link #MONITOR}: its pct and t change nothing for any receiver.
 */
public record DmarcStep(DmarcPolicy policy, int pct, boolean testing) {
  public DmarcStep {
    if (pct < 0 || pct > 100) {
      throw new IllegalArgumentException("pct must be 0..100: " + pct);
    }
    if (policy == DmarcPolicy.NONE && (pct != 100 || testing)) {
      throw new IllegalArgumentException("p=none takes no pct or t: use DmarcStep.MONITOR");
    }
  }

  public static final DmarcStep MONITOR = new DmarcStep(DmarcPolicy.NONE, 100, false);

  public static DmarcStep full(DmarcPolicy policy) {
    return new DmarcStep(policy, 100, false);
  }

  /**
   * A published record's step: {@code p=none} with any pct or t is {@link #MONITOR}, others as
   * given.
   */
  public static DmarcStep of(DmarcPolicy policy, int pct, boolean testing) {
    return policy == DmarcPolicy.NONE ? MONITOR : new DmarcStep(policy, pct, testing);
  }

  /** Short form for messages, e.g. {@code p=quarantine pct=5 t=y}. */
  public String describe() {
    StringBuilder sb = new StringBuilder("p=").append(policy.tag());
    if (pct < 100) {
      sb.append(" pct=").append(pct);
    }
    if (testing) {
      sb.append(" t=y");
    }
    return sb.toString();
  }
}
