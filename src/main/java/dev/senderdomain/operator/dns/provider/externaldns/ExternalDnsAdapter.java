package dev.senderdomain.operator.dns.provider.externaldns;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.provider.AdapterFactory;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.HttpErrors;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes through ExternalDNS: the sender domain's record sets become the endpoints of one {@code
 * DNSEndpoint} object (externaldns.k8s.io/v1alpha1) named after the domain, and ExternalDNS running
 * with {@code --source=crd} pushes them to whatever provider it is configured for. Writes are
 * read-modify-write with the object's resourceVersion, so a concurrent writer causes a retry, never
 * a lost endpoint. No credentials: the operator's service account needs RBAC on {@code
 * dnsendpoints} only.
 */
public final class ExternalDnsAdapter implements DnsProviderAdapter {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(DnsEndpoints.GROUP)
          .withVersion(DnsEndpoints.VERSION)
          .withKind(DnsEndpoints.KIND)
          .withPlural(DnsEndpoints.PLURAL)
          .withNamespaced(true)
          .build();
  private static final int CONFLICT_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final String objectName;
  private final Map<String, String> labels;

  ExternalDnsAdapter(
      KubernetesClient client, String namespace, String objectName, Map<String, String> labels) {
    this.client = client;
    this.namespace = namespace;
    this.objectName = objectName;
    this.labels = labels;
  }

  /**
   * A {@code ProviderRegistry} factory for one SenderDomain: ExternalDNS needs no Secret, but the
   * Kubernetes client and the SenderDomain's namespace and domain, which the registry's (spec,
   * namespace, secrets) call does not carry.
   */
  public static AdapterFactory factory(
      KubernetesClient client, String senderDomainNamespace, String domain) {
    return (spec, secretNamespace, secrets) -> {
      try {
        return create(spec.externaldns, client, senderDomainNamespace, domain);
      } catch (IllegalArgumentException e) {
        throw new DnsProviderException(ProviderFailure.InvalidProvider, e.getMessage(), true);
      }
    };
  }

  /**
   * The factory for an {@code externaldns} section: one adapter per SenderDomain, since the
   * DNSEndpoint object is named after {@code domain} and lives in {@code spec.namespace} or else
   * the SenderDomain's namespace.
   */
  public static DnsProviderAdapter create(
      DnsProviderSpec.ExternalDns spec,
      KubernetesClient client,
      String senderDomainNamespace,
      String domain) {
    String ns =
        spec != null && spec.namespace != null && !spec.namespace.isBlank()
            ? spec.namespace
            : senderDomainNamespace;
    if (ns == null || ns.isBlank()) {
      throw new IllegalArgumentException(
          "spec.externaldns.namespace is required when the SenderDomain has no namespace");
    }
    if (domain == null || domain.isBlank()) {
      throw new IllegalArgumentException(
          "externaldns adapter needs the SenderDomain's domain to name its DNSEndpoint");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (spec != null && spec.labels != null) {
      labels.putAll(spec.labels);
    }
    labels.put(MANAGED_BY, "senderdomain-operator");
    return new ExternalDnsAdapter(client, ns, DnsEndpoints.objectName(domain), labels);
  }

  @Override
  public String name() {
    return "externaldns";
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException {
    List<Map<String, Object>> endpoints = endpoints(get());
    List<RecordSet> out = new ArrayList<>();
    for (RecordKey key : keys.stream().distinct().sorted().toList()) {
      endpoints.stream()
          .filter(e -> DnsEndpoints.matches(e, key))
          .findFirst()
          .map(e -> DnsEndpoints.recordSet(e, key))
          .filter(s -> !s.values().isEmpty())
          .ifPresent(out::add);
    }
    return out;
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    if (changes.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      GenericKubernetesResource current = get();
      List<Map<String, Object>> endpoints = new ArrayList<>(endpoints(current));
      for (RecordSet s : changes.deletes()) {
        endpoints.removeIf(e -> DnsEndpoints.matches(e, s.key()));
      }
      List<RecordSet> puts = new ArrayList<>(changes.creates());
      changes.updates().forEach(u -> puts.add(u.after()));
      for (RecordSet s : puts) {
        endpoints.removeIf(e -> DnsEndpoints.matches(e, s.key()));
        // An endpoint without targets means "use --default-targets" to ExternalDNS: an empty set is
        // a delete.
        if (!s.values().isEmpty()) {
          endpoints.add(DnsEndpoints.endpoint(s));
        }
      }
      endpoints.sort(DnsEndpoints.ORDER);
      try {
        write(current, endpoints);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
          throw classify(e);
        }
        // Someone else changed the object since we read it: read again and re-apply our changes on
        // top.
      }
    }
  }

  private void write(GenericKubernetesResource current, List<Map<String, Object>> endpoints) {
    if (endpoints.isEmpty()) {
      if (current != null) {
        resource().lockResourceVersion(current.getMetadata().getResourceVersion()).delete();
      }
      return;
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("endpoints", endpoints);
    if (current == null) {
      GenericKubernetesResource fresh =
          new GenericKubernetesResourceBuilder()
              .withApiVersion(DnsEndpoints.GROUP + "/" + DnsEndpoints.VERSION)
              .withKind(DnsEndpoints.KIND)
              .withNewMetadata()
              .withName(objectName)
              .withNamespace(namespace)
              .withLabels(labels)
              .endMetadata()
              .build();
      fresh.setAdditionalProperty("spec", spec);
      client.genericKubernetesResources(CONTEXT).inNamespace(namespace).resource(fresh).create();
      return;
    }
    Map<String, String> merged =
        new LinkedHashMap<>(
            Optional.ofNullable(current.getMetadata().getLabels()).orElse(Map.of()));
    merged.putAll(labels);
    current.getMetadata().setLabels(merged);
    current.setAdditionalProperty("spec", spec);
    // update() sends the resourceVersion we read: a concurrent change answers 409 instead of being
    // overwritten.
    client.genericKubernetesResources(CONTEXT).inNamespace(namespace).resource(current).update();
  }

  private Resource<GenericKubernetesResource> resource() {
    return client.genericKubernetesResources(CONTEXT).inNamespace(namespace).withName(objectName);
  }

  private GenericKubernetesResource get() throws DnsProviderException {
    try {
      return resource().get();
    } catch (KubernetesClientException e) {
      throw classify(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> endpoints(GenericKubernetesResource r) {
    if (r == null
        || !(r.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)
        || !(spec.get("endpoints") instanceof List<?> list)) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : list) {
      if (o instanceof Map<?, ?> m) {
        out.add(new LinkedHashMap<>((Map<String, Object>) m));
      }
    }
    return out;
  }

  private DnsProviderException classify(KubernetesClientException e) {
    String where = "Kubernetes API (DNSEndpoint " + namespace + "/" + objectName + ")";
    String status =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    int code = e.getCode();
    if (code == 0 || e.getCause() instanceof IOException) {
      return new DnsProviderException(
          ProviderFailure.Unreachable, where + " could not be reached: " + status, false, e);
    }
    if (code == 404) {
      return new DnsProviderException(
          ProviderFailure.ZoneNotFound,
          where
              + ": the DNSEndpoint CRD ("
              + DnsEndpoints.GROUP
              + "/"
              + DnsEndpoints.VERSION
              + ") is not installed or the namespace does not exist: "
              + status,
          true);
    }
    if (code == 401 || code == 403) {
      return new DnsProviderException(
          ProviderFailure.Unauthorized,
          where
              + ": the operator's service account may not write "
              + "dnsendpoints.externaldns.k8s.io here (HTTP "
              + code
              + "): "
              + status,
          true);
    }
    if (code == 409) {
      return new DnsProviderException(
          ProviderFailure.ConcurrentEdit, where + " kept changing under us; will retry", false);
    }
    return HttpErrors.forStatus(where, code, status, Optional.empty());
  }

  @Override
  public String toString() {
    return "ExternalDnsAdapter[" + namespace + "/" + objectName + "]";
  }
}
