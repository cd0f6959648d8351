package dev.senderdomain.operator.rollout;

/**
 * One published DMARC state: the policy, the RFC 7489 {@code pct} (100 = not ramping, not
 * published) and whether the RFC 9989 {@code t=y} testing flag is published.
 */
public record DmarcStep(DmarcPolicy policy, int pct, boolean testing) {
  public DmarcStep {
    if (pct < 0 || pct > 100) {
      throw new IllegalArgumentException("pct must be 0..100: " + pct);
    }
  }

  public static final DmarcStep MONITOR = new DmarcStep(DmarcPolicy.NONE, 100, false);

  public static DmarcStep full(DmarcPolicy policy) {
    return new DmarcStep(policy, 100, false);
  }
}
