package dev.senderdomain.operator.dns;

/**
 * Choices that change what the planner may touch.
 *
 * @param spfMerge {@code spec.spf.merge}: merge our mechanisms into a foreign v=spf1 record instead
 *     of refusing
 * @param takeOverClaim the caller decided that the marker's current owner lost its claim (it no
 *     longer exists, or no longer claims the domain): its records are adopted as ours instead of
 *     reporting {@code DomainClaimed}
 * @param scope what the provider's scope allows (docs/install.md, multi-tenant clusters)
 */
public record PlanOptions(boolean spfMerge, boolean takeOverClaim, Scope scope) {
  public static final PlanOptions DEFAULT = new PlanOptions(false, false, Scope.UNRESTRICTED);

  public PlanOptions(boolean spfMerge, boolean takeOverClaim) {
    this(spfMerge, takeOverClaim, Scope.UNRESTRICTED);
  }

  public static PlanOptions spfMerge(boolean merge) {
    return new PlanOptions(merge, false);
  }

  public PlanOptions withTakeOverClaim() {
    return new PlanOptions(spfMerge, true, scope);
  }

  /**
   * What a provider's scope lets this domain do to records somebody else published.
   *
   * @param provider the provider as messages name it, e.g. {@code ClusterDnsProvider company-dns}
   * @param foreignMailRecords a domain whose name already carries SPF, DKIM or DMARC records the
   *     operator did not create may be published (the scope names it explicitly); false: nothing is
   *     written for it
   * @param spfMerge merging into a foreign v=spf1 record is allowed ({@code allowSpfMerge})
   */
  public record Scope(String provider, boolean foreignMailRecords, boolean spfMerge) {
    /** No provider scope applies (the CLI on a file, unit tests): the planner's own rules only. */
    public static final Scope UNRESTRICTED = new Scope("the provider", true, true);
  }
}
