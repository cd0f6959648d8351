package dev.senderdomain.operator.dns.publish;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ForwardingAdapter;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;

/**
 * One adapter per provider instance, shared by every domain that uses it, so they share its zone
 * listings ({@link ZoneCachedAdapter}) and what it has learnt (zones found, wire forms read).
 *
 * <p>An instance is the provider's spec in its namespace: an edited spec is a new instance. Each
 * instance lives one {@code window} (the resync interval), then is built again from the spec and
 * its Secrets, so a rotated credential is used at most one window later. The domains' changes go
 * through one {@link ChangeBatcher} per instance, so changes arriving while a request is on its way
 * share the next request. A window of zero shares nothing: every call gets a new adapter that reads
 * per RRset, as before zone reads existed.
 *
 * <p>The ExternalDNS adapter writes one object per domain and the manual one never reads, so both
 * are built per call.
 */
public final class SharedProviders {
  private final Clock clock;
  private final Duration window;
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();

  private record Instance(ZoneCachedAdapter adapter, ChangeBatcher batcher, Instant built) {}

  private final ObjIntConsumer<String> writeRequests;

  public SharedProviders(Clock clock, Duration window) {
    this(clock, window, (provider, changeSets) -> {});
  }

  /**
   * @param writeRequests told, per write request to a provider, its name and how many domains'
   *     change sets the request carried (metrics)
   */
  public SharedProviders(Clock clock, Duration window, ObjIntConsumer<String> writeRequests) {
    this.clock = clock;
    this.window = window;
    this.writeRequests = writeRequests;
  }

  /** Nothing shared: a new adapter per call. */
  public static SharedProviders none() {
    return new SharedProviders(Clock.systemUTC(), Duration.ZERO);
  }

  /**
   * The adapter for {@code spec}. Close it after use: closing a shared one is a no-op, closing one
   * built for this call releases it.
   */
  public DnsProviderAdapter adapter(
      DnsProviderSpec spec,
      String namespace,
      SecretResolver secrets,
      ProviderRegistry.Cluster cluster)
      throws DnsProviderException {
    String section = ProviderRegistry.section(spec);
    if (window.isZero() || section.equals("externaldns") || section.equals("manual")) {
      return ProviderRegistry.create(spec, namespace, secrets, cluster);
    }
    String key = namespace + "\n" + Serialization.asJson(spec);
    Instance instance = instances.get(key);
    Instant now = clock.instant();
    if (instance == null || !now.isBefore(instance.built().plus(window))) {
      synchronized (instances) {
        instance = instances.get(key);
        if (instance == null || !now.isBefore(instance.built().plus(window))) {
          // The replaced adapter may still be in use by another reconcile: it is left to the
          // garbage collector, not closed under that reconcile's feet.
          ZoneCachedAdapter adapter =
              new ZoneCachedAdapter(
                  ProviderRegistry.create(spec, namespace, secrets, cluster), clock, window);
          String name = adapter.name();
          instance =
              new Instance(
                  adapter, new ChangeBatcher(adapter, n -> writeRequests.accept(name, n)), now);
          instances.put(key, instance);
        }
      }
    }
    return new Borrowed(instance.adapter(), instance.batcher());
  }

  /** A shared adapter lent for one call: closing it gives it back, it stays open. */
  private static final class Borrowed extends ForwardingAdapter {
    private final ChangeBatcher batcher;

    Borrowed(ZoneCachedAdapter shared, ChangeBatcher batcher) {
      super(shared);
      this.batcher = batcher;
    }

    @Override
    public void apply(ChangeSet changes) throws DnsProviderException {
      batcher.apply(changes);
    }
  }
}
