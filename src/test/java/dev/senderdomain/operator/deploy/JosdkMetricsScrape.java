package dev.senderdomain.operator.deploy;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus names JOSDK's Micrometer metrics really get, found by registering a reconciler
 * with an (unstarted) Operator and driving every Metrics callback once, then scraping a Prometheus
 * registry. The dashboard and the docs are checked against these names rather than against names
 * written from memory.
 */
final class JosdkMetricsScrape {
  static final String CONTROLLER = "senderdomain";

  private JosdkMetricsScrape() {}

  @ControllerConfiguration(name = CONTROLLER)
  static final class NoOpReconciler implements Reconciler<SenderDomain> {
    @Override
    public UpdateControl<SenderDomain> reconcile(
        SenderDomain resource, Context<SenderDomain> context) {
      return UpdateControl.noUpdate();
    }
  }

  /** The scrape text (Prometheus exposition format). */
  static String scrape() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetrics metrics = MicrometerMetrics.newMicrometerMetricsBuilder(registry).build();
    // Nothing connects: the Operator is never started, registration only builds the controller.
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9").build())
            .build()) {
      Operator operator = new Operator(o -> o.withKubernetesClient(client).withMetrics(metrics));
      operator.register(new NoOpReconciler());
      SenderDomain domain = new SenderDomain();
      domain.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("team-a").build());
      ResourceID id = ResourceID.fromResource(domain);
      Map<String, Object> metadata = new HashMap<>();
      metadata.put(Constants.RESOURCE_GVK_KEY, GroupVersionKind.gvkFor(SenderDomain.class));
      metadata.put(Constants.CONTROLLER_NAME, CONTROLLER);
      metrics.receivedEvent(new Event(id), metadata);
      metrics.reconcileCustomResource(domain, null, metadata);
      metrics.reconciliationExecutionStarted(domain, metadata);
      metrics.timeControllerExecution(
          new Metrics.ControllerExecution<String>() {
            @Override
            public String name() {
              return "reconcile";
            }

            @Override
            public String controllerName() {
              return CONTROLLER;
            }

            @Override
            public String successTypeName(String result) {
              return "resource";
            }

            @Override
            public ResourceID resourceID() {
              return id;
            }

            @Override
            public Map<String, Object> metadata() {
              return metadata;
            }

            @Override
            public String execute() {
              return "done";
            }
          });
      metrics.reconciliationExecutionFinished(domain, metadata);
      metrics.finishedReconciliation(domain, metadata);
      metrics.failedReconciliation(domain, new IllegalStateException("test"), metadata);
      metrics.cleanupDoneFor(id, metadata);
      return registry.scrape();
    }
  }

  /** Sample names of a scrape (with _total, _bucket, ... as Prometheus stores them). */
  static Set<String> sampleNames(String scrape) {
    Set<String> names = new TreeSet<>();
    scrape
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
    return names;
  }
}
