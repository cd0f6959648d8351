package dev.senderdomain.operator.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senderdomain.operator.validate.admission.Admission;
import dev.senderdomain.operator.validate.admission.CrdAdmission;
import dev.senderdomain.operator.validate.admission.CustomResourceDefinitions;
import dev.senderdomain.operator.validate.admission.FieldProblem;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Kubernetes API server for tests "as deployed": Fabric8's {@link KubernetesMockServer} in CRUD
 * mode (storage, resourceVersions, watches, the status subresource of the CRDs it holds) with what
 * a real kube-apiserver adds in front, where the operator's behaviour depends on it:
 *
 * <ul>
 *   <li><b>authentication</b>: bearer tokens; {@link #ADMIN_TOKEN} is system:masters (the test
 *       itself, as a cluster admin), {@link #OPERATOR_TOKEN} the chart's ServiceAccount; anything
 *       else gets 401;
 *   <li><b>RBAC</b> from the Roles, ClusterRoles and bindings the Helm chart renders ({@link
 *       Rbac}): a request they do not allow gets 403 with the API server's Status body;
 *       self-subject reviews are answered from the same rules;
 *   <li><b>admission</b> of the operator's CRDs ({@link CrdAdmission}, the code {@code validate}
 *       uses): unknown fields pruned (a Warning header, or 422 under {@code
 *       fieldValidation=Strict}), then the openAPIV3Schema and the CEL rules, 422 with every cause
 *       and its field;
 *   <li><b>version skew</b>: the CRDs it serves can be a newer version's ({@link Builder#crds}), so
 *       objects carry fields the operator under test does not know;
 *   <li>a request log (verb, resource, namespace, name, user, response code) and {@link Hold}s that
 *       stop a matching request in flight, to kill the operator mid-reconcile.
 * </ul>
 *
 * What it does not do (docs/testing.md): server-side apply (415), garbage collection, stringData
 * conversion, admission webhooks, CEL cost limits, defaulting beyond {@code default}, list paging
 * and watch bookmarks as a real server sends them.
 */
public final class ApiServerStandIn implements AutoCloseable {
  public static final String ADMIN_TOKEN = "stand-in-admin-token";
  public static final String OPERATOR_TOKEN = "stand-in-operator-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Rbac.User ADMIN =
      new Rbac.User("kubernetes-admin", java.util.Set.of("system:masters", "system:authenticated"));

  private final KubernetesMockServer server;
  private final Map<String, Rbac.User> tokens = new HashMap<>();
  private final Rbac rbac;
  private final CustomResourceDefinitions crds;
  private final List<ApiRequest> log = new CopyOnWriteArrayList<>();
  private final List<Hold> holds = new CopyOnWriteArrayList<>();
  private final KubernetesClient admin;
  private final RenderedChart chart;

  private ApiServerStandIn(Builder b) {
    this.chart = b.chart != null ? b.chart : RenderedChart.render(Map.of());
    this.rbac = Rbac.of(chart.objects());
    this.crds = CustomResourceDefinitions.fromYaml(b.crdYamls);
    tokens.put(ADMIN_TOKEN, ADMIN);
    tokens.put(
        OPERATOR_TOKEN, Rbac.User.serviceAccount(RenderedChart.NAMESPACE, chart.serviceAccount()));
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new StandInDispatcher(), false);
    server.init();
    admin = client(ADMIN_TOKEN);
    for (String yaml : b.crdYamls) {
      admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(Serialization.unmarshal(yaml, CustomResourceDefinition.class))
          .create();
    }
    for (String ns :
        Stream.concat(Stream.of(RenderedChart.NAMESPACE), b.namespaces.stream())
            .distinct()
            .toList()) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The CRDs of this checkout (crds/), the chart with its defaults. */
  public static ApiServerStandIn start(String... namespaces) {
    return builder().namespaces(namespaces).start();
  }

  /** Options of a stand-in. */
  public static final class Builder {
    private RenderedChart chart;
    private List<String> crdYamls = committedCrds();
    private final List<String> namespaces = new ArrayList<>();

    /** RBAC from this rendering of the chart (default: its default values). */
    public Builder chart(RenderedChart chart) {
      this.chart = chart;
      return this;
    }

    /** Serve these CRDs (YAML) instead of the committed ones, e.g. a newer version's. */
    public Builder crds(List<String> yamls) {
      this.crdYamls = List.copyOf(yamls);
      return this;
    }

    public Builder namespaces(String... names) {
      namespaces.addAll(List.of(names));
      return this;
    }

    public ApiServerStandIn start() {
      return new ApiServerStandIn(this);
    }
  }

  /** The CRDs in crds/ (what the chart installs). */
  public static List<String> committedCrds() {
    try (Stream<Path> files = Files.list(Path.of("crds"))) {
      return files
          .filter(p -> p.toString().endsWith(".yml"))
          .sorted()
          .map(
              p -> {
                try {
                  return Files.readString(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return server.url("/");
  }

  public RenderedChart chart() {
    return chart;
  }

  /** A cluster admin's client (the test's own hands). */
  public KubernetesClient admin() {
    return admin;
  }

  /** A new client authenticating with {@code token}; the caller closes it. */
  public KubernetesClient client(String token) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withOauthToken(token)
            .withNamespace("default")
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A kubeconfig that authenticates as the chart's ServiceAccount, as the pod's token would. */
  public Path writeKubeconfig(Path file) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: stand-in
          cluster: {server: "%s"}
        users:
        - name: operator
          user: {token: "%s"}
        contexts:
        - name: stand-in
          context: {cluster: stand-in, user: operator, namespace: %s}
        current-context: stand-in
        """
            .formatted(url(), OPERATOR_TOKEN, RenderedChart.NAMESPACE);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every request answered so far, in order. */
  public List<ApiRequest> requests() {
    return List.copyOf(log);
  }

  /** A position in the request log, for {@link #requestsSince}. */
  public int mark() {
    return log.size();
  }

  public List<ApiRequest> requestsSince(int mark) {
    List<ApiRequest> all = requests();
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  /** Requests of the chart's ServiceAccount since {@code mark} (the operator's). */
  public List<ApiRequest> operatorRequestsSince(int mark) {
    String sa = tokens.get(OPERATOR_TOKEN).name();
    return requestsSince(mark).stream().filter(r -> sa.equals(r.user())).toList();
  }

  /**
   * Writes of the operator since {@code mark}, leader-election Lease renewals left out: they are
   * the heartbeat of a healthy leader, not a change to the world.
   */
  public List<ApiRequest> operatorWritesSince(int mark) {
    return operatorRequestsSince(mark).stream()
        .filter(ApiRequest::write)
        .filter(r -> !r.resource().equals("leases"))
        .filter(r -> !r.resource().startsWith("selfsubject"))
        .toList();
  }

  /** The operator's requests refused with 403 so far. */
  public List<ApiRequest> forbidden() {
    return operatorRequestsSince(0).stream().filter(r -> r.code() == 403).toList();
  }

  /**
   * Stops requests matching {@code match} when they arrive, until {@link Hold#release()}; a
   * released request is then either carried out ({@code carryOut}) or answered 503 unapplied, as a
   * request whose client died before it reached etcd.
   */
  public Hold hold(Predicate<ApiRequest> match, boolean carryOut) {
    Hold h = new Hold(match, carryOut);
    holds.add(h);
    return h;
  }

  /** A request stopped in flight. */
  public final class Hold implements AutoCloseable {
    private final Predicate<ApiRequest> match;
    private final boolean carryOut;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold(Predicate<ApiRequest> match, boolean carryOut) {
      this.match = match;
      this.carryOut = carryOut;
    }

    /** Waits until a matching request is being held. */
    public boolean awaitArrival(Duration atMost) throws InterruptedException {
      return arrived.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
      holds.remove(this);
      released.countDown();
    }

    @Override
    public void close() {
      release();
    }

    /** Called on the request's thread: true when the request is to be carried out. */
    private boolean hold() {
      arrived.countDown();
      try {
        released.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return carryOut;
    }
  }

  @Override
  public void close() {
    holds.forEach(Hold::release);
    admin.close();
    server.destroy();
  }

  /** Authentication, RBAC, admission, log and holds in front of the CRUD store. */
  private final class StandInDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String auth = request.getHeader("Authorization");
      Rbac.User user =
          auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7).trim()) : null;
      ApiRequest r =
          ApiRequest.of(user == null ? null : user.name(), request.getMethod(), request.getPath());
      MockResponse response;
      try {
        response = answer(user, r, request);
      } catch (RuntimeException e) {
        response = status(500, "InternalError", "stand-in: " + e, null);
      }
      log.add(r.answered(response.code()));
      return response;
    }

    private MockResponse answer(Rbac.User user, ApiRequest r, RecordedRequest request) {
      if (user == null) {
        return status(401, "Unauthorized", "Unauthorized", null);
      }
      if (!rbac.allows(user, r)) {
        return forbidden(user, r);
      }
      for (Hold h : holds) {
        if (h.match.test(r) && !h.hold()) {
          return status(503, "ServiceUnavailable", "stand-in: dropped while held", null);
        }
      }
      if (!r.resourceRequest()) {
        return r.path().equals("/version")
            ? json(200, "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\"}")
            : super.dispatch(request);
      }
      if (r.group().equals("authorization.k8s.io") && r.resource().startsWith("selfsubject")) {
        return selfSubjectReview(user, r, request);
      }
      var crd = crds.forResource(r.group(), r.resource());
      if (crd.isPresent() && List.of("create", "update", "patch").contains(r.verb())) {
        return admit(crd.get(), r, request);
      }
      return super.dispatch(request);
    }

    private MockResponse admit(CrdAdmission crd, ApiRequest r, RecordedRequest request) {
      String body = request.getUtf8Body();
      JsonNode stored = r.verb().equals("create") ? null : current(r);
      if (!r.verb().equals("create") && stored == null) {
        return super.dispatch(copy(request, request.method(), request.getPath(), body));
      }
      JsonNode incoming;
      try {
        incoming = JSON.readTree(body);
        if (r.verb().equals("patch")) {
          incoming = patched(stored, incoming, request.getHeader("Content-Type"));
          if (incoming == null) {
            return super.dispatch(copy(request, request.method(), request.getPath(), body));
          }
        }
      } catch (IOException | RuntimeException e) {
        return status(400, "BadRequest", "the body is not valid JSON", null);
      }
      JsonNode candidate = incoming;
      if (r.subresource().equals("status") && stored instanceof ObjectNode s) {
        ObjectNode merged = s.deepCopy();
        merged.set("status", incoming.get("status"));
        candidate = merged;
      }
      Admission admission = crd.review(candidate, stored);
      boolean strict = request.getPath().contains("fieldValidation=Strict");
      List<FieldProblem> problems = strict ? admission.strictProblems() : admission.problems();
      if (!problems.isEmpty()) {
        return invalid(crd, candidate.path("metadata").path("name").asText(), problems);
      }
      if (admission.unknownFields().isEmpty() && !r.verb().equals("patch")) {
        return super.dispatch(copy(request, request.method(), request.getPath(), body));
      }
      // What is stored is the pruned object; a patch becomes the update it amounts to.
      ObjectNode toStore = admission.object();
      if (r.verb().equals("patch") && stored != null) {
        toStore
            .with("metadata")
            .put("resourceVersion", stored.path("metadata").path("resourceVersion").asText());
      }
      String forwarded = toStore.toString();
      MockResponse response =
          super.dispatch(
              copy(
                  request,
                  r.verb().equals("create") ? HttpMethod.POST : HttpMethod.PUT,
                  request.getPath(),
                  forwarded));
      admission
          .unknownFields()
          .forEach(f -> response.addHeader("Warning", "299 - \"unknown field \\\"" + f + "\\\"\""));
      return response;
    }

    private JsonNode current(ApiRequest r) {
      String path =
          "/apis/"
              + r.group()
              + "/"
              + r.version()
              + (r.namespace().isEmpty() ? "" : "/namespaces/" + r.namespace())
              + "/"
              + r.resource()
              + "/"
              + r.name();
      MockResponse got =
          super.dispatch(
              new RecordedRequest(
                  "HTTP/1.1",
                  HttpMethod.GET,
                  path,
                  io.fabric8.mockwebserver.http.Headers.builder().build(),
                  new Buffer()));
      if (got.code() != 200) {
        return null;
      }
      try {
        return JSON.readTree(got.getBody().readUtf8());
      } catch (IOException e) {
        return null;
      }
    }

    /** The object a patch makes of {@code stored}; null for a patch type left to the store. */
    private JsonNode patched(JsonNode stored, JsonNode patch, String contentType) {
      String type = contentType == null ? "" : contentType.split(";")[0].trim();
      return switch (type) {
        case "application/json-patch+json" -> JsonPatch.apply(patch, stored);
        case "application/merge-patch+json", "application/strategic-merge-patch+json" ->
            mergePatch(stored.deepCopy(), patch);
        default -> null;
      };
    }

    /** RFC 7386 JSON merge patch. */
    private JsonNode mergePatch(JsonNode target, JsonNode patch) {
      if (!patch.isObject()) {
        return patch;
      }
      ObjectNode out = target instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
      patch
          .fields()
          .forEachRemaining(
              f -> {
                if (f.getValue().isNull()) {
                  out.remove(f.getKey());
                } else {
                  JsonNode existing = out.get(f.getKey());
                  out.set(
                      f.getKey(),
                      mergePatch(
                          existing == null ? JsonNodeFactory.instance.nullNode() : existing,
                          f.getValue()));
                }
              });
      return out;
    }

    private MockResponse selfSubjectReview(Rbac.User user, ApiRequest r, RecordedRequest request) {
      JsonNode review;
      try {
        review = JSON.readTree(request.getUtf8Body());
      } catch (IOException e) {
        return status(400, "BadRequest", "the body is not valid JSON", null);
      }
      ObjectNode out = ((ObjectNode) review).deepCopy();
      if (r.resource().equals("selfsubjectrulesreviews")) {
        String ns = review.path("spec").path("namespace").asText("");
        List<Map<String, Object>> rules = new ArrayList<>();
        for (PolicyRule rule : rbac.rulesFor(user, ns)) {
          Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("verbs", rule.getVerbs());
          m.put("apiGroups", rule.getApiGroups());
          m.put("resources", rule.getResources());
          if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
            m.put("resourceNames", rule.getResourceNames());
          }
          rules.add(m);
        }
        out.set(
            "status",
            JSON.valueToTree(
                Map.of(
                    "incomplete", false, "resourceRules", rules, "nonResourceRules", List.of())));
      } else {
        JsonNode attrs = review.path("spec").path("resourceAttributes");
        ApiRequest asked =
            new ApiRequest(
                user.name(),
                "",
                "",
                true,
                attrs.path("verb").asText(),
                attrs.path("group").asText(""),
                attrs.path("version").asText(""),
                attrs.path("resource").asText(),
                attrs.path("subresource").asText(""),
                attrs.path("namespace").asText(""),
                attrs.path("name").asText(""),
                0);
        out.set("status", JSON.valueToTree(Map.of("allowed", rbac.allows(user, asked))));
      }
      return json(201, out.toString());
    }

    private MockResponse forbidden(Rbac.User user, ApiRequest r) {
      String what =
          r.resourceRequest()
              ? (r.group().isEmpty() ? r.resourcePath() : r.resourcePath() + "." + r.group())
                  + (r.name().isEmpty() ? "" : " \"" + r.name() + "\"")
              : r.path();
      String message =
          what
              + " is forbidden: User \""
              + user.name()
              + "\" cannot "
              + r.verb()
              + " resource \""
              + r.resourcePath()
              + "\" in API group \""
              + r.group()
              + "\""
              + (r.namespace().isEmpty()
                  ? " at the cluster scope"
                  : " in the namespace \"" + r.namespace() + "\"");
      Map<String, Object> details = new java.util.LinkedHashMap<>();
      if (!r.name().isEmpty()) {
        details.put("name", r.name());
      }
      details.put("group", r.group());
      details.put("kind", r.resource());
      return status(403, "Forbidden", message, details);
    }

    private MockResponse invalid(CrdAdmission crd, String name, List<FieldProblem> problems) {
      String prefix = crd.kind() + "." + crd.group() + " \"" + name + "\" is invalid: ";
      String message =
          prefix
              + (problems.size() == 1
                  ? problems.get(0).toString()
                  : problems.stream()
                      .map(FieldProblem::toString)
                      .collect(Collectors.joining(", ", "[", "]")));
      Map<String, Object> details = new java.util.LinkedHashMap<>();
      details.put("name", name);
      details.put("group", crd.group());
      details.put("kind", crd.kind());
      details.put(
          "causes",
          problems.stream()
              .map(
                  p ->
                      Map.of(
                          "reason", p.type().reason(), "message", p.message(), "field", p.field()))
              .toList());
      return status(422, "Invalid", message, details);
    }

    private MockResponse status(
        int code, String reason, String message, Map<String, Object> details) {
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      body.put("kind", "Status");
      body.put("apiVersion", "v1");
      body.put("metadata", Map.of());
      body.put("status", "Failure");
      body.put("message", message);
      body.put("reason", reason);
      if (details != null) {
        body.put("details", details);
      }
      body.put("code", code);
      try {
        return json(code, JSON.writeValueAsString(body));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private MockResponse json(int code, String body) {
      return new MockResponse()
          .setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody(body);
    }

    private RecordedRequest copy(
        RecordedRequest request, HttpMethod method, String path, String body) {
      io.fabric8.mockwebserver.http.Headers.Builder headers = request.getHeaders().newBuilder();
      if (method != request.method()) {
        headers.removeAll("Content-Type");
        headers.add("Content-Type", "application/json");
      }
      return new RecordedRequest(
          request.getHttpVersion(), method, path, headers.build(), new Buffer().writeUtf8(body));
    }
  }
}
