package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.OwnershipMarker;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.PlanResult;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.Verifier;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import dev.senderdomain.operator.dns.publish.ProviderRegistry;
import dev.senderdomain.operator.dns.publish.SharedProviders;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The DNS seam for the operator: the adapter from the provider registry, the shared read-plan step
 * (the same one {@code push} uses), apply, then verification at the authoritative servers.
 */
public class ProviderRecordPublisher implements RecordPublisher {
  private final KubernetesClient client;
  private final SecretResolver secrets;
  private final VerifierSource verifiers;
  private final OperatorMetrics metrics;
  private final SharedProviders providers;

  /** Where to verify a request's records; empty when no authoritative server can be found. */
  @FunctionalInterface
  public interface VerifierSource {
    Optional<Verifier> forRequest(PublishRequest request);
  }

  public ProviderRecordPublisher(
      KubernetesClient client,
      SecretResolver secrets,
      VerifierSource verifiers,
      OperatorMetrics metrics) {
    this(client, secrets, verifiers, metrics, SharedProviders.none());
  }

  /**
   * @param providers where adapters come from: shared per provider instance, so domains in one zone
   *     share its listing
   */
  public ProviderRecordPublisher(
      KubernetesClient client,
      SecretResolver secrets,
      VerifierSource verifiers,
      OperatorMetrics metrics,
      SharedProviders providers) {
    this.client = client;
    this.secrets = secrets;
    this.verifiers = verifiers;
    this.metrics = metrics;
    this.providers = providers;
  }

  @Override
  public PublishOutcome publish(PublishRequest request) throws DnsProviderException {
    String providerName = safeSection(request);
    Owner owner = Owner.parse(request.owner());
    try (DnsProviderAdapter adapter =
        providers.adapter(
            request.provider(),
            request.providerNamespace(),
            secrets,
            new ProviderRegistry.Cluster(client, owner.namespace(), request.domain()))) {
      DomainPublisher.Planned planned =
          DomainPublisher.plan(
              adapter,
              owner,
              request.domain(),
              request.desired(),
              new PlanOptions(request.spfMerge(), false, request.scope()),
              request.claims());
      PlanResult result = planned.result();
      List<String> changes = List.of();
      if (adapter.pushes() && !result.changes().isEmpty()) {
        adapter.apply(result.changes());
        changes = result.changes().describe();
        metrics.recordsPublished(owner.namespace(), owner.name(), result.changes().size());
      }
      Set<String> served = new LinkedHashSet<>();
      Set<String> unserved = new LinkedHashSet<>();
      // Records published by hand carry no ownership marker: nobody is asked to paste one.
      List<RecordSet> expected =
          adapter.pushes()
              ? result.expected()
              : result.expected().stream()
                  .filter(s -> !s.key().equals(OwnershipMarker.keyFor(request.domain())))
                  .toList();
      Optional<Verifier> verifier = verifiers.forRequest(request);
      if (verifier.isPresent()) {
        // Only what changed, or was not served last time, is asked for: the rest the provider
        // holds unchanged and the servers served it at the last look.
        // The ownership marker is in no status record: it is asked for when it was written.
        Set<RecordKey> changed = result.changes().keys();
        Set<String> inStatus = new java.util.HashSet<>();
        request.desired().forEach(r -> inStatus.add(r.name()));
        List<RecordSet> toVerify = new ArrayList<>();
        for (RecordSet set : expected) {
          if (changed.contains(set.key())
              || (inStatus.contains(set.name()) && !request.servedBefore().contains(set.name()))) {
            toVerify.add(set);
          } else {
            served.add(set.name());
          }
        }
        List<RecordKey> absent = result.absent().stream().filter(changed::contains).toList();
        if (!toVerify.isEmpty() || !absent.isEmpty()) {
          Verifier.Result verified = verifier.get().verify(toVerify, absent);
          verified.served().stream().map(RecordKey::name).forEach(served::add);
          verified.missing().keySet().stream().map(RecordKey::name).forEach(unserved::add);
        }
        served.removeAll(unserved);
      } else {
        expected.forEach(s -> unserved.add(s.name()));
      }
      List<RecordPublisher.Conflict> mapped = new ArrayList<>();
      result
          .conflicts()
          .forEach(c -> mapped.add(new RecordPublisher.Conflict(Reason.of(c.kind()), c.message())));
      return new PublishOutcome(
          adapter.pushes(),
          changes,
          mapped,
          new ServedNames(served),
          List.copyOf(unserved),
          List.of(),
          result.expected(),
          planned.adopted());
    } catch (DnsProviderException e) {
      metrics.providerError(providerName, e.reason().name());
      throw e;
    }
  }

  @Override
  public List<String> servedTxt(PublishRequest request, String name) throws DnsProviderException {
    Owner owner = Owner.parse(request.owner());
    RecordKey key = new RecordKey(DomainNames.normalize(name), RecordType.TXT);
    try (DnsProviderAdapter adapter =
        providers.adapter(
            request.provider(),
            request.providerNamespace(),
            secrets,
            new ProviderRegistry.Cluster(client, owner.namespace(), request.domain()))) {
      if (adapter.pushes()) {
        return adapter.read(List.of(key)).stream()
            .flatMap(set -> set.values().stream())
            .sorted()
            .toList();
      }
      // A provider that never pushes cannot read either: ask the zone's servers, if they answer.
      return verifiers.forRequest(request).flatMap(v -> v.txt(key.name())).orElse(List.of());
    } catch (DnsProviderException e) {
      metrics.providerError(safeSection(request), e.reason().name());
      throw e;
    }
  }

  private static String safeSection(PublishRequest request) {
    try {
      return ProviderRegistry.section(request.provider());
    } catch (DnsProviderException e) {
      return "invalid";
    }
  }
}
