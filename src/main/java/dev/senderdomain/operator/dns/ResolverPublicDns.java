package dev.senderdomain.operator.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Type;

/**
 * {@link PublicDns} through dnsjava (the host's resolvers, or given ones), with a short timeout and
 * a cache: answers and failures are both kept for {@code cacheFor}, so a cluster without outside
 * DNS pays the timeout once per interval, not once per reconcile.
 */
public final class ResolverPublicDns implements PublicDns {
  private final Resolver resolver;
  private final Clock clock;
  private final Duration cacheFor;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Instant until, List<String> values, String failure) {}

  public ResolverPublicDns(Resolver resolver, Clock clock, Duration cacheFor) {
    this.resolver = resolver;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  /** The host's resolvers (/etc/resolv.conf) with a 2-second timeout. */
  public static ResolverPublicDns system(Clock clock) {
    ExtendedResolver resolver = new ExtendedResolver();
    resolver.setTimeout(Duration.ofSeconds(2));
    resolver.setRetries(1);
    return new ResolverPublicDns(resolver, clock, Duration.ofMinutes(10));
  }

  @Override
  public List<String> txt(String name) {
    Instant now = clock.instant();
    Cached c = cache.get(name);
    if (c == null || c.until().isBefore(now)) {
      c = lookup(name, now.plus(cacheFor));
      cache.put(name, c);
    }
    if (c.failure() != null) {
      throw new UncheckedIOException(new IOException(c.failure()));
    }
    return c.values();
  }

  private Cached lookup(String name, Instant until) {
    Lookup lookup = new Lookup(WireRecords.name(name), Type.TXT);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] records = lookup.run();
    return switch (lookup.getResult()) {
      case Lookup.SUCCESSFUL -> {
        List<String> values = new ArrayList<>();
        for (Record r : records) {
          values.add(WireRecords.value(r));
        }
        yield new Cached(until, List.copyOf(values), null);
      }
      case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> new Cached(until, List.of(), null);
      default ->
          new Cached(
              until, List.of(), "TXT lookup of " + name + " failed: " + lookup.getErrorString());
    };
  }
}
