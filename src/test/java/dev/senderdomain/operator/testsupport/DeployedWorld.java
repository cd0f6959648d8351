package dev.senderdomain.operator.testsupport;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The world of the "as deployed" ring: an {@link ApiServerStandIn} and a real BIND 9 serving
 * {@value #ZONE} with TSIG updates, applied as a user would (the TSIG Secret and an rfc2136
 * DnsProvider in {@value #NS}), and operator processes started from the chart's Deployment.
 */
public final class DeployedWorld implements AutoCloseable {
  public static final String NS = "mail";
  public static final String ZONE = "example.com";
  public static final String PROVIDER = "bind-primary";

  public final BindServer bind;
  public final ApiServerStandIn api;
  private final List<OperatorProcess> processes = new ArrayList<>();

  private DeployedWorld(ApiServerStandIn.Builder api, List<String> zoneLines) {
    this.bind = BindServer.start(List.of(ZONE), Map.of(ZONE, zoneLines));
    this.api = api.namespaces(NS).start();
    bind.applyAsDnsProvider(this.api.admin(), NS, PROVIDER, ZONE);
  }

  public static DeployedWorld start() {
    return new DeployedWorld(ApiServerStandIn.builder(), List.of());
  }

  public static DeployedWorld start(ApiServerStandIn.Builder api) {
    return new DeployedWorld(api, List.of());
  }

  /** With records somebody else published in the zone before (zone file lines). */
  public static DeployedWorld start(ApiServerStandIn.Builder api, List<String> zoneLines) {
    return new DeployedWorld(api, zoneLines);
  }

  /** An operator pod: the chart's environment, resync every 5 s so steady state is exercised. */
  public OperatorProcess operator(String podName) {
    return operator(podName, Map.of());
  }

  public OperatorProcess operator(String podName, Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("SDO_RESYNC_INTERVAL", "5s"));
    all.putAll(env);
    OperatorProcess p = OperatorProcess.start(api, podName, all);
    processes.add(p);
    return p;
  }

  /**
   * The README's SenderDomain for {@code <name>.example.com}: SPF, DKIM, bounce MX, tracking CNAME,
   * a DMARC rollout, so the ownership marker lists several record sets.
   */
  public static String senderDomainYaml(String name) {
    String domain = name + "." + ZONE;
    return """
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata: {name: %s, namespace: %s}
        spec:
          domain: %s
          providerRef: {name: %s}
          ttl: 3600
          spf: {include: [_spf.mailer.example.net], ip4: [203.0.113.0/24]}
          dkim: {algorithms: [ed25519, rsa-2048]}
          bounce: {name: bounce, mx: [{preference: 10, host: mx1.mailer.example.net}]}
          tracking: {name: clicks, target: track.mailer.example.net}
          dmarc:
            rua: [mailto:dmarc@%s]
            rollout: {start: "2027-01-01", targetPolicy: reject, targetDate: "2027-04-01"}
        """
        .formatted(name, NS, domain, PROVIDER, domain);
  }

  public SenderDomain apply(String yaml) {
    return api.admin().resource(Serialization.unmarshal(yaml, SenderDomain.class)).create();
  }

  public SenderDomain get(String name) {
    return api.admin().resources(SenderDomain.class).inNamespace(NS).withName(name).get();
  }

  /** Ready, keys ready and an active key: nothing left to do but resync. */
  public boolean converged(String name) {
    SenderDomain sd = get(name);
    return sd != null
        && sd.getStatus() != null
        && sd.getMetadata().getGeneration().equals(sd.getStatus().observedGeneration)
        && isTrue(sd, "Ready")
        && isTrue(sd, "KeysReady")
        && sd.getStatus().dkim != null
        && sd.getStatus().dkim.activeSelectors != null
        && !sd.getStatus().dkim.activeSelectors.isBlank();
  }

  private static boolean isTrue(SenderDomain sd, String type) {
    List<Condition> conditions = sd.getStatus().conditions;
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
  }

  /** DNS UPDATE messages BIND has received so far. */
  public long dnsUpdates() {
    try {
      return bind.opcodes()[1];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** DNS queries BIND has answered so far (the operator's reads and verifications). */
  public long dnsQueries() {
    try {
      return bind.opcodes()[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The TXT strings BIND serves at {@code name} (TCP, no cache). */
  public List<String> txt(String name) throws IOException {
    Record[] records = lookupTxt(name);
    List<String> out = new ArrayList<>();
    if (records != null) {
      for (Record r : records) {
        out.add(String.join("", ((TXTRecord) r).getStrings()));
      }
    }
    return out;
  }

  /** The TTL BIND serves at {@code name} for TXT, or -1 when there is none. */
  public long txtTtl(String name) throws IOException {
    Record[] records = lookupTxt(name);
    return records == null || records.length == 0 ? -1 : records[0].getTTL();
  }

  /** TXT at {@code name} straight from BIND (TCP, no cache); null when there is none. */
  private Record[] lookupTxt(String name) throws IOException {
    Lookup lookup = new Lookup(name, Type.TXT);
    SimpleResolver resolver = new SimpleResolver(bind.address());
    resolver.setTCP(true);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    return lookup.run();
  }

  @Override
  public void close() {
    processes.forEach(OperatorProcess::close);
    api.close();
    bind.close();
  }

  /**
   * A ClusterDnsProvider for this world's BIND whose TSIG key is read from {@code secretName} in
   * the operator's namespace (see {@link #operatorNamespaceSecret}).
   *
   * @param extraSpecYaml more spec fields (indented by two spaces, e.g. a scope), or ""
   */
  public dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider clusterProvider(
      String name, String secretName, String extraSpecYaml) {
    String yaml =
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: ClusterDnsProvider
        metadata: {name: %s}
        spec:
          rfc2136:
            server: %s
            port: %d
            zone: %s
            tsig: {keyName: %s, algorithm: %s, secretRef: {name: %s, key: secret}}
        %s"""
            .formatted(
                name,
                bind.host(),
                bind.port(),
                ZONE,
                bind.keyName(),
                bind.keyAlgorithm(),
                secretName,
                extraSpecYaml);
    return Serialization.unmarshal(
        yaml, dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider.class);
  }

  /**
   * Creates a Secret with key {@code secret} in the operator's namespace (where a
   * ClusterDnsProvider's credentials live), holding {@code base64Key} as its value.
   */
  public static void operatorNamespaceSecret(
      io.fabric8.kubernetes.client.KubernetesClient admin, String name, String base64Key) {
    admin
        .secrets()
        .inNamespace(RenderedChart.NAMESPACE)
        .resource(DnsTestServer.tsigSecret(RenderedChart.NAMESPACE, name, base64Key))
        .create();
  }
}
