package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DkimStatus;
import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** In-memory fakes of the reconciler's own seams (keys and DNS), scriptable per test. */
public final class FakeSeams {
  private FakeSeams() {}

  /** One fixed key per algorithm, "generated" on first sight of a domain. */
  public static final class Keys implements KeyManager {
    final Map<String, Boolean> seen = new ConcurrentHashMap<>();

    /**
     * Like the rotation policy for a first key: active only once its selector is among the verified
     * ones.
     */
    volatile boolean activateWhenServed;

    @Override
    public KeyOutcome reconcile(
        SenderDomain sd, SenderDomainConfig config, Set<String> served, Instant now) {
      boolean generated = seen.putIfAbsent(config.domain(), true) == null;
      List<DkimPublicRecord> records =
          config.keys().algorithms().stream()
              .map(DkimAlgorithm::specName)
              .map(
                  a ->
                      new DkimPublicRecord(
                          "fake" + a.replace("-", ""), "v=DKIM1; k=rsa; p=AAAA" + a.length()))
              .toList();
      DkimStatus status = new DkimStatus();
      status.secretName = sd.getMetadata().getName() + "-dkim";
      List<String> active =
          records.stream()
              .map(DkimPublicRecord::selector)
              .filter(sel -> !activateWhenServed || served.contains(sel))
              .toList();
      status.activeSelectors = String.join(",", active);
      return new KeyOutcome(
          records,
          active,
          status,
          null,
          List.of(),
          generated ? records.stream().map(DkimPublicRecord::selector).toList() : List.of());
    }

    @Override
    public void cleanup(SenderDomain resource, SenderDomainConfig config) {}
  }

  /**
   * A zone per domain in memory, which can say no like a real provider and its authoritative
   * servers: a failure (for every domain or one), records pushed but not (all) served yet, a manual
   * provider that never pushes (its records are served once "pasted").
   */
  public static final class Dns implements RecordPublisher {
    final Map<String, List<DnsRecord>> zone = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicReference<DnsProviderException> failure = new AtomicReference<>();
    private final Map<String, DnsProviderException> failures = new ConcurrentHashMap<>();
    private final Map<String, Predicate<String>> serving = new ConcurrentHashMap<>();
    private final Set<String> manual = ConcurrentHashMap.newKeySet();

    /** Publishes for {@code domain} fail with {@code e} until {@link #recover}. */
    void failFor(String domain, DnsProviderException e) {
      failures.put(domain, e);
    }

    void recover(String domain) {
      failures.remove(domain);
    }

    /** The authoritative servers serve only the names {@code served} accepts for {@code domain}. */
    void serveOnly(String domain, Predicate<String> served) {
      serving.put(domain, served);
    }

    /** The authoritative servers serve every record of {@code domain} (the default). */
    void serveAll(String domain) {
      serving.put(domain, name -> true);
    }

    /** {@code domain}'s provider is manual: nothing is pushed, nothing served until pasted. */
    void manual(String domain) {
      manual.add(domain);
      serving.put(domain, name -> false);
    }

    @Override
    public PublishOutcome publish(PublishRequest request) throws DnsProviderException {
      DnsProviderException f = failure.get();
      if (f == null) {
        f = failures.get(request.domain());
      }
      if (f != null) {
        throw f;
      }
      boolean pushes = !manual.contains(request.domain());
      List<String> changes = new ArrayList<>();
      if (pushes) {
        List<DnsRecord> before = zone.put(request.domain(), List.copyOf(request.desired()));
        if (!request.desired().equals(before)) {
          writes.incrementAndGet();
          changes.add("replace " + request.desired().size() + " records of " + request.domain());
        }
      }
      Predicate<String> served = serving.getOrDefault(request.domain(), name -> true);
      List<String> names = request.desired().stream().map(DnsRecord::name).distinct().toList();
      return new PublishOutcome(
          pushes,
          changes,
          List.of(),
          new ServedNames(names.stream().filter(served).collect(Collectors.toSet())),
          names.stream().filter(served.negate()).toList(),
          List.of());
    }

    @Override
    public List<String> servedTxt(PublishRequest request, String name) throws DnsProviderException {
      DnsProviderException f = failure.get();
      if (f != null) {
        throw f;
      }
      reads.incrementAndGet();
      return zone.getOrDefault(request.domain(), List.of()).stream()
          .filter(r -> r.name().equals(name) && r.type() == RecordType.TXT)
          .map(DnsRecord::value)
          .sorted()
          .toList();
    }
  }
}
