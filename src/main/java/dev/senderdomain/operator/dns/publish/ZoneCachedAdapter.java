package dev.senderdomain.operator.dns.publish;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a provider a zone at a time: the first read in a zone lists the whole zone ({@link
 * DnsProviderAdapter#readZone}, an AXFR for RFC 2136, one listing for an HTTP API) and every domain
 * in that zone reads from the listing until {@code window} has passed. So a resync of N unchanged
 * domains in one zone costs one listing, not N times the RRsets each plans from.
 *
 * <p>Our own writes keep the listing true: after an apply succeeds, the sets it wrote replace the
 * listed ones (each change carried its prerequisite, RFC 2136 2.4, or the HTTP API's own check, so
 * the provider now holds exactly them). A failed apply drops the listing of every zone it touched:
 * someone else edited, and the next read lists again. Edits by others between two listings are seen
 * at the next listing or by a failed prerequisite, never overwritten.
 *
 * <p>A provider that cannot list, or a server that refuses the transfer, is read per RRset as
 * before; the refusal is remembered for one window, so it costs one refused transfer per window.
 */
public final class ZoneCachedAdapter implements DnsProviderAdapter {
  private final DnsProviderAdapter delegate;
  private final Clock clock;
  private final Duration window;
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** One zone's listing; {@code sets} null: the provider refused to list it. */
  private record Listing(Instant taken, Map<RecordKey, RecordSet> sets) {}

  public ZoneCachedAdapter(DnsProviderAdapter delegate, Clock clock, Duration window) {
    this.delegate = delegate;
    this.clock = clock;
    this.window = window;
  }

  /** The adapter underneath (tests: its counters). */
  public DnsProviderAdapter delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean pushes() {
    return delegate.pushes();
  }

  @Override
  public Optional<String> zoneFor(String name) throws DnsProviderException {
    return delegate.zoneFor(name);
  }

  @Override
  public boolean appliesAtomically(ChangeSet changes) {
    return delegate.appliesAtomically(changes);
  }

  @Override
  public String check() throws DnsProviderException {
    return delegate.check();
  }

  @Override
  public Optional<List<RecordSet>> readZone(String zone) throws DnsProviderException {
    Map<RecordKey, RecordSet> sets = listing(zone).sets();
    return sets == null ? Optional.empty() : Optional.of(List.copyOf(sets.values()));
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException {
    List<RecordSet> found = new ArrayList<>();
    List<RecordKey> perName = new ArrayList<>();
    for (RecordKey key : keys) {
      Optional<String> zone = zoneOrEmpty(key.name());
      Map<RecordKey, RecordSet> sets = zone.isPresent() ? listing(zone.get()).sets() : null;
      if (sets == null) {
        perName.add(key);
      } else if (sets.containsKey(key)) {
        found.add(sets.get(key));
      }
    }
    if (!perName.isEmpty()) {
      found.addAll(delegate.read(perName));
    }
    return found;
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    try {
      delegate.apply(changes);
    } catch (DnsProviderException | RuntimeException e) {
      for (RecordKey key : touched(changes).keySet()) {
        zoneOrEmpty(key.name()).ifPresent(listings::remove);
      }
      throw e;
    }
    for (Map.Entry<RecordKey, RecordSet> e : touched(changes).entrySet()) {
      Optional<String> zone = zoneOrEmpty(e.getKey().name());
      Listing listing = zone.map(listings::get).orElse(null);
      if (listing == null || listing.sets() == null) {
        continue;
      }
      if (e.getValue() == null) {
        listing.sets().remove(e.getKey());
      } else {
        listing.sets().put(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * The zone of a name, or empty when the provider cannot say (an RFC 2136 server answers the SOA
   * query at a CNAME with the CNAME, not the zone's SOA): such a name is read on its own.
   */
  private Optional<String> zoneOrEmpty(String name) {
    try {
      return delegate.zoneFor(name);
    } catch (DnsProviderException e) {
      return Optional.empty();
    }
  }

  /** Every key the change set writes, with the set it now holds (null: deleted). */
  private static Map<RecordKey, RecordSet> touched(ChangeSet changes) {
    Map<RecordKey, RecordSet> out = new LinkedHashMap<>();
    changes.deletes().forEach(d -> out.put(d.key(), null));
    changes.updates().forEach(u -> out.put(u.after().key(), u.after()));
    changes.creates().forEach(c -> out.put(c.key(), c));
    return out;
  }

  /**
   * The zone's listing, taken now when there is none younger than the window. One thread lists a
   * zone at a time; the others wait for its listing instead of asking for their own.
   */
  private Listing listing(String zone) throws DnsProviderException {
    Listing current = listings.get(zone);
    if (fresh(current)) {
      return current;
    }
    synchronized (locks.computeIfAbsent(zone, z -> new Object())) {
      current = listings.get(zone);
      if (fresh(current)) {
        return current;
      }
      Instant taken = clock.instant();
      Optional<List<RecordSet>> sets = delegate.readZone(zone);
      Map<RecordKey, RecordSet> byKey = null;
      if (sets.isPresent()) {
        byKey = new ConcurrentHashMap<>();
        for (RecordSet set : sets.get()) {
          byKey.put(set.key(), set);
        }
      }
      Listing listing = new Listing(taken, byKey);
      listings.put(zone, listing);
      return listing;
    }
  }

  private boolean fresh(Listing listing) {
    return listing != null && clock.instant().isBefore(listing.taken().plus(window));
  }

  /** Forgets every listing: the next read of each zone lists it again. */
  public void invalidate() {
    listings.clear();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "ZoneCachedAdapter[" + delegate + ", window " + window + "]";
  }
}
