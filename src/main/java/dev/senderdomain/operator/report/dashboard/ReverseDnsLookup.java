package dev.senderdomain.operator.report.dashboard;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * PTR lookups for the dashboard's source list, with a short timeout and a cache (found names for a
 * day, misses and failures for ten minutes), so a page view costs at most one round of lookups and
 * a dead resolver only slows the first one. Failures are "no name", never an error: the dashboard
 * renders without rDNS.
 */
public final class ReverseDnsLookup implements Function<String, Optional<String>> {
  private static final Duration HIT_TTL = Duration.ofDays(1);
  private static final Duration MISS_TTL = Duration.ofMinutes(10);
  private static final int MAX_ENTRIES = 10_000;

  private final Resolver resolver;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<String> name, Instant until) {}

  public ReverseDnsLookup(Resolver resolver, Clock clock) {
    this.resolver = resolver;
    this.clock = clock;
  }

  /** The system's resolvers (resolv.conf), 1.5 s timeout. */
  public static ReverseDnsLookup system(Clock clock) {
    ExtendedResolver r = new ExtendedResolver();
    r.setTimeout(Duration.ofMillis(1500));
    r.setRetries(1);
    return new ReverseDnsLookup(r, clock);
  }

  /** One resolver at host:port (tests, or a cluster DNS address), with the given timeout. */
  public static ReverseDnsLookup at(InetSocketAddress server, Duration timeout, Clock clock) {
    SimpleResolver r = new SimpleResolver(server);
    r.setTimeout(timeout);
    return new ReverseDnsLookup(r, clock);
  }

  @Override
  public Optional<String> apply(String ip) {
    Instant now = clock.instant();
    Cached c = cache.get(ip);
    if (c != null && now.isBefore(c.until())) {
      return c.name();
    }
    Optional<String> name = lookup(ip);
    if (cache.size() >= MAX_ENTRIES) {
      cache
          .clear(); // crude, but bounded; a full cache means a busy day, and a miss costs one query
    }
    cache.put(ip, new Cached(name, now.plus(name.isPresent() ? HIT_TTL : MISS_TTL)));
    return name;
  }

  private Optional<String> lookup(String ip) {
    try {
      Name ptr = ReverseMap.fromAddress(ip);
      Message response =
          resolver.send(Message.newQuery(Record.newRecord(ptr, Type.PTR, DClass.IN)));
      if (response.getRcode() != Rcode.NOERROR) {
        return Optional.empty();
      }
      for (Record r : response.getSection(Section.ANSWER)) {
        if (r instanceof PTRRecord p) {
          return Optional.of(p.getTarget().toString(true));
        }
      }
      return Optional.empty();
    } catch (
        Exception e) { // timeouts, unreachable resolver, malformed literal: the page shows no name
      return Optional.empty();
    }
  }
}
