package dev.senderdomain.operator.dns.provider;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import java.util.Collection;
import java.util.List;

/**
 * The seam every DNS provider implements. Providers translate, they never decide: what to change,
 * what is ours and what is foreign is decided above them (dns/), from what {@link #read} returns.
 */
public interface DnsProviderAdapter extends AutoCloseable {
  /** Short name for metrics and messages, e.g. {@code rfc2136}. */
  String name();

  /**
   * The current RRsets at these keys as the provider holds them, each set's values sorted (String
   * order) so sets compare with equals; absent sets are simply not returned.
   */
  List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException;

  /**
   * Applies all changes, or throws; a partly applied change set is repaired by the next reconcile.
   */
  void apply(ChangeSet changes) throws DnsProviderException;

  /** Whether this provider pushes at all ({@code manual} does not). */
  default boolean pushes() {
    return true;
  }

  @Override
  default void close() {}
}
