package dev.senderdomain.operator.dns.provider;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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

  /**
   * Whether {@link #apply} sends all of {@code changes} in one request that the provider applies
   * whole or not at all (one RFC 2136 UPDATE, RFC 2136 3.2 and 3.4; one Route 53 change batch; one
   * PowerDNS PATCH), within the provider's size limits. Only then may the changes of several
   * domains share a request: a failed one has then changed nothing and each can be sent again on
   * its own. Asked again as each domain's changes join a request, so it must be cheap: zones come
   * from what the adapter has already found when reading. The default, for providers that send one
   * request per record, is no.
   */
  default boolean appliesAtomically(ChangeSet changes) {
    return false;
  }

  /**
   * The zone that holds {@code name} at this provider, as {@link #readZone} takes it (its apex in
   * the operator's spelling, or the provider's zone id), when the provider can list zones whole;
   * empty otherwise.
   */
  default Optional<String> zoneFor(String name) throws DnsProviderException {
    return Optional.empty();
  }

  /**
   * Every TXT, MX and CNAME RRset of {@code zone} from one listing (a zone transfer, RFC 5936, or
   * one list call of an HTTP API), each set's values sorted as {@link #read} sorts them; empty when
   * this provider cannot list the zone or the server refuses to (then callers read per name).
   */
  default Optional<List<RecordSet>> readZone(String zone) throws DnsProviderException {
    return Optional.empty();
  }

  /**
   * Checks, without writing anything, that the provider accepts these credentials and serves the
   * zone the DnsProvider names (without a named zone: that it answers with these credentials at
   * all), for the provider's own Ready condition. Returns what was checked, for the condition's
   * message; failures throw with the reason the same call would fail a publish with. Neither ever
   * carries a credential.
   *
   * <p>The default, for adapters that hold no credentials of their own, checks nothing.
   */
  default String check() throws DnsProviderException {
    return "nothing to check: the " + name() + " provider holds no credentials";
  }

  /** Whether this provider pushes at all ({@code manual} does not). */
  default boolean pushes() {
    return true;
  }

  @Override
  default void close() {}
}
