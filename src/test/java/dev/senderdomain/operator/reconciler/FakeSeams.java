package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DkimStatus;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.records.SenderDomainConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** In-memory fakes of the reconciler's own seams (keys and DNS), scriptable per test. */
final class FakeSeams {
  private FakeSeams() {}

  /** One fixed key per algorithm, "generated" on first sight of a domain. */
  static final class Keys implements KeyManager {
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
          config.dkimAlgorithms().stream()
              .map(
                  a ->
                      new DkimPublicRecord(
                          "fake" + a.replace("-", ""), "v=DKIM1; k=rsa; p=AAAA" + a.length()))
              .toList();
      DkimStatus status = new DkimStatus();
      status.secretName = sd.getMetadata().getName() + "-dkim";
      status.activeSelectors =
          String.join(
              ",",
              records.stream()
                  .map(DkimPublicRecord::selector)
                  .filter(sel -> !activateWhenServed || served.contains(sel))
                  .toList());
      return new KeyOutcome(records, status, null, List.of(), generated);
    }

    @Override
    public void cleanup(SenderDomain resource) {}
  }

  /** A zone per domain in memory; a failure can be scripted for the next publishes. */
  static final class Dns implements RecordPublisher {
    final Map<String, List<DnsRecord>> zone = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicReference<DnsProviderException> failure = new AtomicReference<>();

    @Override
    public PublishOutcome publish(PublishRequest request) throws DnsProviderException {
      DnsProviderException f = failure.get();
      if (f != null) {
        throw f;
      }
      List<String> changes = new ArrayList<>();
      List<DnsRecord> before = zone.put(request.domain(), List.copyOf(request.desired()));
      if (!request.desired().equals(before)) {
        writes.incrementAndGet();
        changes.add("replace " + request.desired().size() + " records of " + request.domain());
      }
      List<String> names = request.desired().stream().map(DnsRecord::name).distinct().toList();
      return new PublishOutcome(true, changes, List.of(), names, List.of(), List.of());
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
