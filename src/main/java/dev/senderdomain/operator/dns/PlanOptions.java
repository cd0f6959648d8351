package dev.senderdomain.operator.dns;

/**
 * Choices that change what the planner may touch.
 *
 * @param spfMerge {@code spec.spf.merge}: merge our mechanisms into a foreign v=spf1 record instead
 *     of refusing
 * @param takeOverClaim the caller decided (the older SenderDomain wins) that the marker's current
 *     owner loses its claim: its records are adopted as ours instead of reporting {@code
 *     DomainClaimed}
 */
public record PlanOptions(boolean spfMerge, boolean takeOverClaim) {
  public static final PlanOptions DEFAULT = new PlanOptions(false, false);

  public static PlanOptions spfMerge(boolean merge) {
    return new PlanOptions(merge, false);
  }
}
