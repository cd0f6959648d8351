package dev.senderdomain.operator.testsupport;

import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.ProviderRef;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.api.v1alpha1.SpfSpec;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dns.Verifier;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.reconciler.KeyManager;
import dev.senderdomain.operator.reconciler.KubernetesSecretResolver;
import dev.senderdomain.operator.reconciler.OperatorRuntime;
import dev.senderdomain.operator.reconciler.ProviderLookup;
import dev.senderdomain.operator.reconciler.ProviderRecordPublisher;
import dev.senderdomain.operator.reconciler.RecordPublisher;
import dev.senderdomain.operator.reconciler.SecretKeyManager;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The operator-level test bench: a real BIND 9 serving {@link #ZONE} with TSIG updates, the Fabric8
 * CRUD mock API with the TSIG Secret and an RFC 2136 DnsProvider, and the operator ({@link
 * OperatorRuntime}) with its production seams and a {@link MutableClock}. The reconciler
 * reschedules itself at most {@code resync} (real time) later, so a test moves the clock and then
 * waits for the next reconcile to have seen it.
 */
public final class OperatorBench implements AutoCloseable {
  public static final String NS = "mail";
  public static final String ZONE = "example.com";
  public static final String PROVIDER = "bind-primary";

  public final BindServer bind;
  public final MockApi api;
  public final KubernetesClient client;
  public final MutableClock clock;
  private OperatorRuntime runtime;

  private OperatorBench(Instant start, boolean expectations) {
    bind = BindServer.start(ZONE);
    api = new MockApi(expectations).namespace(NS);
    client = api.client();
    clock = new MutableClock(start);
    bind.applyAsDnsProvider(client, NS, PROVIDER, null);
  }

  public static OperatorBench start(Instant clockStart) {
    return new OperatorBench(clockStart, false);
  }

  /** A bench whose mock API also answers stubbed requests ({@code api.server().expect()}). */
  public static OperatorBench startWithExpectations(Instant clockStart) {
    return new OperatorBench(clockStart, true);
  }

  /** The metrics of the operators this bench starts. */
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** The production DNS seam: the provider registry's RFC 2136 adapter, verification at BIND. */
  public RecordPublisher publisher() {
    return new ProviderRecordPublisher(
        client,
        new KubernetesSecretResolver(client),
        req -> Optional.of(new Verifier(List.of(bind.address()), Duration.ofSeconds(2))),
        new OperatorMetrics(new SimpleMeterRegistry()));
  }

  public KeyManager keys() {
    return new SecretKeyManager(client, DkimKeyGenerator.production());
  }

  /**
   * Starts an operator (closing the one running) with the production seams, the DNS seam wrapped by
   * {@code wrap}.
   */
  public OperatorRuntime startOperator(Duration resync, UnaryOperator<RecordPublisher> wrap) {
    return startOperator(new OperatorRuntime.Settings(Set.of(), null, "bench", resync, 2), wrap);
  }

  public OperatorRuntime startOperator(
      OperatorRuntime.Settings settings, UnaryOperator<RecordPublisher> wrap) {
    stopOperator();
    runtime = newOperator(client, settings, wrap);
    return runtime.start();
  }

  /** An operator not started and not owned by the bench (leader election tests start several). */
  public OperatorRuntime newOperator(
      KubernetesClient apiClient,
      OperatorRuntime.Settings settings,
      UnaryOperator<RecordPublisher> wrap) {
    return OperatorRuntime.create(
        apiClient,
        settings,
        new OperatorRuntime.Seams(
            clock, keys(), wrap.apply(publisher()), new ProviderLookup("operators")),
        new OperatorMetrics(registry));
  }

  public void stopOperator() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  /**
   * A SenderDomain for {@code <name>.example.com} with an SPF include, published through the
   * bench's BIND.
   */
  public static SenderDomain senderDomain(String name) {
    SenderDomain sd = new SenderDomain();
    sd.getMetadata().setName(name);
    sd.getMetadata().setNamespace(NS);
    SenderDomainSpec spec = new SenderDomainSpec();
    spec.domain = name + "." + ZONE;
    spec.providerRef = new ProviderRef(PROVIDER, null);
    spec.spf = new SpfSpec();
    spec.spf.include = List.of("_spf.mailer.example.net");
    sd.setSpec(spec);
    return sd;
  }

  public SenderDomain create(SenderDomain sd) {
    return client.resource(sd).create();
  }

  public SenderDomain get(String name) {
    return client.resources(SenderDomain.class).inNamespace(NS).withName(name).get();
  }

  /**
   * Edits the spec or metadata of a SenderDomain: read, modify, write; again on a conflict with a
   * status write.
   */
  public SenderDomain edit(String name, Consumer<SenderDomain> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .resources(SenderDomain.class)
            .inNamespace(NS)
            .withName(name)
            .edit(
                sd -> {
                  change.accept(sd);
                  return sd;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  public SenderDomain annotate(String name, String key, String value) {
    return edit(
        name,
        sd -> {
          Map<String, String> a =
              sd.getMetadata().getAnnotations() == null
                  ? new HashMap<>()
                  : new HashMap<>(sd.getMetadata().getAnnotations());
          a.put(key, value);
          sd.getMetadata().setAnnotations(a);
        });
  }

  public Secret secret(String name) {
    return client.secrets().inNamespace(NS).withName(name).get();
  }

  public static String plain(Secret s, String key) {
    String v = s.getData() == null ? null : s.getData().get(key);
    return v == null ? null : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
  }

  /**
   * Waits (Awaitility, {@code atMost}) until {@code check} returns a non-null value, and returns
   * it.
   */
  public static <T> T awaitValue(Duration atMost, Callable<T> check) {
    List<T> out = new ArrayList<>(1);
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              T v = check.call();
              if (v != null) {
                out.clear();
                out.add(v);
              }
              return v != null;
            });
    return out.get(0);
  }

  public static Optional<Condition> condition(SenderDomain sd, String type) {
    if (sd == null || sd.getStatus() == null || sd.getStatus().conditions == null) {
      return Optional.empty();
    }
    return sd.getStatus().conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  public static boolean is(SenderDomain sd, String type, String status) {
    return condition(sd, type).map(c -> status.equals(c.getStatus())).orElse(false);
  }

  /**
   * The TXT strings at a name as BIND serves them, each record's character-strings joined (TCP, no
   * cache).
   */
  public List<String> txt(String name) throws Exception {
    Lookup lookup = new Lookup(name, Type.TXT);
    SimpleResolver resolver = new SimpleResolver(bind.address());
    resolver.setTCP(true);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] records = lookup.run();
    List<String> out = new ArrayList<>();
    if (records != null) {
      for (Record r : records) {
        out.add(String.join("", ((TXTRecord) r).getStrings()));
      }
    }
    return out;
  }

  public long serial() throws Exception {
    return bind.serial(ZONE);
  }

  @Override
  public void close() {
    stopOperator();
    api.close();
    bind.close();
  }
}
