package dev.senderdomain.operator.testsupport;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The Fabric8 mock API server in CRUD mode: stores what is written and serves it back, with
 * watches. It does not do server-side apply (415), garbage collection or stringData conversion,
 * which the operator avoids relying on.
 */
public final class MockApi implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockApi() {
    this(false);
  }

  /**
   * @param expectations also answer stubbed requests ({@code server().expect()...}) before the CRUD
   *     store, e.g. a SelfSubjectRulesReview, which the CRUD store cannot evaluate
   */
  public MockApi(boolean expectations) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            expectations
                ? new KubernetesMixedDispatcher(responses)
                : new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  public MockApi namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return this;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
