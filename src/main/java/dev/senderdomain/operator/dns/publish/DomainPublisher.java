package dev.senderdomain.operator.dns.publish;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.OwnershipMarker;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.PlanResult;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordPlanner;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The read-plan sequence shared by the reconciler and {@code push}, so both apply the same
 * ownership rules: read the marker and every key the plan looks at, then plan. Applying is the
 * caller's choice (dry runs, the manual provider, conflicts).
 */
public final class DomainPublisher {
  private DomainPublisher() {}

  /** Whether the SenderDomain a marker names has lost its claim (it no longer exists). */
  @FunctionalInterface
  public interface ClaimCheck {
    /** Never: every marker's owner is taken to be alive (the CLI, which sees no cluster). */
    ClaimCheck NONE = (marker, domain) -> Optional.empty();

    /**
     * Why {@code marker}'s owner no longer holds {@code domain} (e.g. "SenderDomain mail/shop no
     * longer exists"), or empty when it still does or that cannot be told.
     */
    Optional<String> lost(Owner marker, String domain) throws DnsProviderException;
  }

  /** What was read, what the planner made of it, and whose stale claim was adopted (if any). */
  public record Planned(List<RecordSet> current, PlanResult result, Optional<String> adopted) {
    public Planned(List<RecordSet> current, PlanResult result) {
      this(current, result, Optional.empty());
    }
  }

  public static Planned plan(
      DnsProviderAdapter adapter,
      Owner owner,
      String domain,
      List<DnsRecord> desired,
      PlanOptions options)
      throws DnsProviderException {
    return plan(adapter, owner, domain, desired, options, ClaimCheck.NONE);
  }

  /**
   * @param claims asked about a marker that names another SenderDomain: when that one lost its
   *     claim, the marker and its records are adopted ({@link PlanOptions#takeOverClaim})
   */
  public static Planned plan(
      DnsProviderAdapter adapter,
      Owner owner,
      String domain,
      List<DnsRecord> desired,
      PlanOptions options,
      ClaimCheck claims)
      throws DnsProviderException {
    List<RecordKey> keys = RecordPlanner.keysToRead(domain, desired, null);
    List<RecordSet> current = new ArrayList<>(adapter.read(keys));
    OwnershipMarker marker = OwnershipMarker.find(domain, current).orElse(null);
    if (marker != null) {
      // The marker may own keys we no longer desire (a renamed tracking host, a removed key): read
      // those too.
      Set<RecordKey> more = new LinkedHashSet<>(RecordPlanner.keysToRead(domain, desired, marker));
      more.removeAll(keys);
      if (!more.isEmpty()) {
        current.addAll(adapter.read(more));
      }
    }
    Optional<String> adopted = Optional.empty();
    if (marker != null && !marker.owner().equals(owner) && !options.takeOverClaim()) {
      adopted = claims.lost(marker.owner(), domain);
      if (adopted.isPresent()) {
        options = options.withTakeOverClaim();
      }
    }
    return new Planned(
        current, RecordPlanner.plan(owner, domain, desired, current, marker, options), adopted);
  }
}
