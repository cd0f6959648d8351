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
import java.util.Set;

/**
 * The read-plan sequence shared by the reconciler and {@code push}, so both apply the same
 * ownership rules: read the marker and every key the plan looks at, then plan. Applying is the
 * caller's choice (dry runs, the manual provider, conflicts).
 */
public final class DomainPublisher {
  private DomainPublisher() {}

  /** What was read and what the planner made of it. */
  public record Planned(List<RecordSet> current, PlanResult result) {}

  public static Planned plan(
      DnsProviderAdapter adapter,
      Owner owner,
      String domain,
      List<DnsRecord> desired,
      PlanOptions options)
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
    return new Planned(
        current, RecordPlanner.plan(owner, domain, desired, current, marker, options));
  }
}
