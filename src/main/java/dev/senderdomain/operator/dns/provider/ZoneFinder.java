package dev.senderdomain.operator.dns.provider;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which zone of an HTTP provider (Cloudflare, Route 53, PowerDNS) a name is in: the configured
 * zone, where a name outside it is a permanent {@code ZoneNotFound}; else the longest zone above
 * the name the provider knows, tried longest first so a delegated sub-zone wins over its parent. A
 * zone has at least two labels (no provider here hosts a TLD). Answers, "no such zone" too, are
 * kept for the adapter's life, which is one reconcile.
 *
 * @param <Z> how the provider identifies a zone (an id, or its name and id)
 */
public final class ZoneFinder<Z> {
  /** The provider's zone of exactly this name, if it has one. */
  @FunctionalInterface
  public interface Lookup<Z> {
    Optional<Z> byName(String zoneName) throws DnsProviderException;
  }

  private final String configuredZone;
  private final Z configured;
  private final Lookup<Z> lookup;
  private final Function<String, String> notFound;
  private final Runnable forget;
  private final Map<String, Optional<Z>> answers = new ConcurrentHashMap<>();

  private ZoneFinder(
      String configuredZone,
      Z configured,
      Lookup<Z> lookup,
      Function<String, String> notFound,
      Runnable forget) {
    this.configuredZone = configuredZone;
    this.configured = configured;
    this.lookup = lookup;
    this.notFound = notFound;
    this.forget = forget;
  }

  /**
   * @param configuredZone the zone the DnsProvider names (normalized), or null to discover it
   * @param configured the zone to use without asking the provider (a configured zone id), or null
   * @param notFound the message for a name no zone holds, given {@code <zone>} or {@code containing
   *     <name>}
   */
  public static <Z> ZoneFinder<Z> of(
      String configuredZone, Z configured, Lookup<Z> lookup, Function<String, String> notFound) {
    return new ZoneFinder<>(configuredZone, configured, lookup, notFound, null);
  }

  /**
   * The same, but when no zone is found, {@code forget} drops what the lookup holds (a zone list)
   * and the lookup is asked once more: a zone may have been created since it was read.
   */
  public ZoneFinder<Z> askingAgainOnMiss(Runnable forget) {
    return new ZoneFinder<>(configuredZone, configured, lookup, notFound, forget);
  }

  public Z zoneOf(String name) throws DnsProviderException {
    if (configuredZone != null && !inZone(name, configuredZone)) {
      throw new DnsProviderException(
          ProviderFailure.ZoneNotFound,
          name + " is not inside the configured zone " + configuredZone,
          true);
    }
    if (configured != null) {
      return configured;
    }
    List<String> candidates = configuredZone != null ? List.of(configuredZone) : candidates(name);
    Optional<Z> found = first(candidates);
    if (found.isEmpty() && forget != null) {
      candidates.forEach(answers::remove);
      forget.run();
      found = first(candidates);
    }
    return found.orElseThrow(
        () ->
            new DnsProviderException(
                ProviderFailure.ZoneNotFound,
                notFound.apply(configuredZone != null ? configuredZone : "containing " + name),
                true));
  }

  private Optional<Z> first(List<String> candidates) throws DnsProviderException {
    for (String candidate : candidates) {
      Optional<Z> id = answers.get(candidate);
      if (id == null) {
        id = lookup.byName(candidate);
        answers.put(candidate, id);
      }
      if (id.isPresent()) {
        return id;
      }
    }
    return Optional.empty();
  }

  /** {@code name} and every name above it with at least two labels, longest first. */
  static List<String> candidates(String name) {
    List<String> out = new ArrayList<>();
    for (String n = name; n.indexOf('.') > 0; n = n.substring(n.indexOf('.') + 1)) {
      out.add(n);
    }
    return out;
  }

  /** How an adapter places a name in one of its zones. */
  @FunctionalInterface
  public interface Placement<Z> {
    Z zoneOf(String name) throws DnsProviderException;
  }

  /**
   * Whether every RRset {@code changes} writes is in one zone, as {@code placement} places names (a
   * provider's atomic request is per zone); a name that cannot be placed answers no.
   */
  public static <Z> boolean allInOneZone(ChangeSet changes, Placement<Z> placement) {
    Z zone = null;
    for (RecordKey key : changes.keys()) {
      Z z;
      try {
        z = placement.zoneOf(key.name());
      } catch (DnsProviderException e) {
        return false;
      }
      if (zone != null && !zone.equals(z)) {
        return false;
      }
      zone = z;
    }
    return true;
  }

  public static boolean inZone(String name, String zone) {
    return name.equals(zone) || name.endsWith("." + zone);
  }
}
