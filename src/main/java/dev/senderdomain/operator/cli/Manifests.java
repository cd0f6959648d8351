package dev.senderdomain.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.SecretKeySelector;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The objects of {@code -f} files as {@code kubectl apply -f} would see them: multi-document YAML
 * (or JSON), directories read recursively ({@code .yaml}, {@code .yml}, {@code .json}), kinds
 * SenderDomain, DnsProvider, ClusterDnsProvider and Secret; a missing namespace is {@code default}.
 * Other kinds are noted and ignored.
 *
 * <p>Every document of the operator's kinds is checked as the API server and the operator would
 * check it ({@link ManifestCheck}); every problem found in any file is collected in {@link
 * #problems}, each with its file, document, line and field.
 */
public final class Manifests {
  public static final String DEFAULT_NAMESPACE = "default";
  private static final ObjectMapper MAPPER = Serialization.jsonMapper();
  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .build();

  public final List<SenderDomain> senderDomains = new ArrayList<>();
  public final List<DnsProvider> providers = new ArrayList<>();
  public final List<ClusterDnsProvider> clusterProviders = new ArrayList<>();
  public final List<Secret> secrets = new ArrayList<>();
  public final List<String> ignored = new ArrayList<>();
  public final List<ManifestProblem> problems = new ArrayList<>();
  private int documentsChecked;

  /** Reads and checks every document of every file and directory; never stops at the first. */
  public static Manifests read(List<Path> paths) {
    Manifests m = new Manifests();
    for (Path path : paths) {
      for (Path file : files(path, m)) {
        String text;
        try {
          text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          m.problems.add(
              new ManifestProblem(
                  file.toString(),
                  0,
                  0,
                  null,
                  null,
                  "cannot read: " + e.getClass().getSimpleName()));
          continue;
        }
        YamlDocuments.Parsed parsed = YamlDocuments.parse(text);
        for (YamlDocuments.Document doc : parsed.documents()) {
          m.add(file.toString(), doc);
        }
        if (parsed.error() != null) {
          m.problems.add(
              new ManifestProblem(
                  file.toString(),
                  parsed.error().document(),
                  parsed.error().line(),
                  null,
                  null,
                  "not valid YAML: " + parsed.error().message()));
        }
      }
    }
    return m;
  }

  /** Whether no problem was found. */
  public boolean valid() {
    return problems.isEmpty();
  }

  /** How many documents of the operator's kinds were checked. */
  public int checked() {
    return documentsChecked;
  }

  private static List<Path> files(Path path, Manifests m) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      m.problems.add(
          new ManifestProblem(
              path.toString(), 0, 0, null, null, "cannot read: " + e.getClass().getSimpleName()));
      return List.of();
    }
  }

  private void add(String file, YamlDocuments.Document doc) {
    JsonNode tree = doc.tree();
    if (tree == null || (tree.isObject() && tree.isEmpty())) {
      return;
    }
    if (!(tree instanceof ObjectNode object) || !tree.path("kind").isTextual()) {
      problems.add(
          new ManifestProblem(
              file,
              doc.index(),
              doc.line(),
              null,
              null,
              "not a Kubernetes object: it has no kind"));
      return;
    }
    String kind = object.path("kind").asText();
    String what = kind + " " + name(object);
    if (ManifestCheck.OWN_KINDS.contains(kind)) {
      documentsChecked++;
      ManifestCheck.Result result = ManifestCheck.check(object);
      result.problems().stream()
          .map(
              e ->
                  new ManifestProblem(
                      file, doc.index(), doc.lineOf(e.field()), what, e.field(), e.message()))
          .sorted(Comparator.comparingInt(ManifestProblem::line))
          .forEach(problems::add);
      if (result.problems().isEmpty()) {
        bind(kind, defaultNamespace(kind, result.object()));
      }
    } else if (kind.equals("Secret")) {
      try {
        secrets.add(MAPPER.treeToValue(defaultNamespace(kind, object), Secret.class));
      } catch (IOException | IllegalArgumentException e) {
        // The value is never echoed: a Secret's data must not reach the terminal.
        problems.add(
            new ManifestProblem(
                file,
                doc.index(),
                doc.line(),
                what,
                null,
                "not a valid Secret (data must be a map of"
                    + " base64 strings, stringData a map of strings)"));
      }
    } else {
      ignored.add(file + " document " + doc.index() + ": kind '" + kind + "' is not used");
    }
  }

  private void bind(String kind, JsonNode object) {
    try {
      switch (kind) {
        case "SenderDomain" -> senderDomains.add(MAPPER.treeToValue(object, SenderDomain.class));
        case "DnsProvider" -> providers.add(MAPPER.treeToValue(object, DnsProvider.class));
        default -> clusterProviders.add(MAPPER.treeToValue(object, ClusterDnsProvider.class));
      }
    } catch (IOException e) {
      // Admitted by the schema, so the classes bind it; a failure here is a bug, said plainly.
      throw new IllegalStateException(kind + " admitted by its CRD does not bind", e);
    }
  }

  private static ObjectNode defaultNamespace(String kind, ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    JsonNode metadata = copy.get("metadata");
    if (metadata instanceof ObjectNode m
        && !m.hasNonNull("namespace")
        && !kind.equals("ClusterDnsProvider")) {
      m.put("namespace", DEFAULT_NAMESPACE);
    }
    return copy;
  }

  private static String name(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText("");
    String namespace = metadata.path("namespace").asText("");
    if (name.isEmpty()) {
      return "(no name)";
    }
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  public Optional<Secret> secret(String namespace, String name) {
    return secrets.stream()
        .filter(
            s ->
                name.equals(s.getMetadata().getName())
                    && (namespace == null || namespace.equals(s.getMetadata().getNamespace())))
        .findFirst();
  }

  /**
   * Secret values from the manifests ({@code data} base64 or {@code stringData}). A null namespace
   * (a ClusterDnsProvider's Secrets live in the operator's namespace) matches the Secret of that
   * name in any namespace.
   */
  public SecretResolver secretResolver() {
    return (namespace, ref) -> {
      Secret s =
          secret(namespace, ref.name)
              .orElseThrow(
                  () ->
                      SecretResolver.notFound(
                          namespace == null ? "*" : namespace,
                          ref,
                          "no such Secret among the -f files"));
      return value(s, ref)
          .orElseThrow(
              () ->
                  SecretResolver.notFound(
                      s.getMetadata().getNamespace(), ref, "the Secret has no such key"));
    };
  }

  static Optional<String> value(Secret s, SecretKeySelector ref) {
    if (s.getStringData() != null && s.getStringData().containsKey(ref.key)) {
      return Optional.of(s.getStringData().get(ref.key));
    }
    if (s.getData() != null && s.getData().containsKey(ref.key)) {
      return Optional.of(
          new String(
              Base64.getMimeDecoder().decode(s.getData().get(ref.key)), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  /** Objects as multi-document YAML, readable again by {@link #read}. */
  public static String toYaml(List<? extends HasMetadata> objects) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (HasMetadata o : objects) {
      sb.append("---\n").append(YAML.writeValueAsString(MAPPER.valueToTree(o)));
    }
    return sb.toString();
  }
}
