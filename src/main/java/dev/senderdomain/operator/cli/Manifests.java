package dev.senderdomain.operator.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The objects of {@code -f} files as {@code kubectl apply -f} would see them: multi-document YAML
 * (or JSON), kinds SenderDomain, DnsProvider, ClusterDnsProvider and Secret; a missing namespace is
 * {@code default}. Other kinds are reported and ignored.
 */
public final class Manifests {
  public static final String DEFAULT_NAMESPACE = "default";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
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

  /** Reads every document of every file. */
  public static Manifests read(List<Path> files) throws IOException {
    Manifests m = new Manifests();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
        int index = 0;
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          index++;
          if (doc == null || doc.isNull() || doc.isEmpty()) {
            continue;
          }
          m.add(file + " document " + index, doc);
        }
      }
    }
    return m;
  }

  private void add(String where, JsonNode doc) throws IOException {
    String kind = doc.path("kind").asText("");
    if (doc instanceof ObjectNode o
        && !doc.path("metadata").has("namespace")
        && doc.has("metadata")
        && !kind.equals("ClusterDnsProvider")) {
      ((ObjectNode) o.get("metadata")).put("namespace", DEFAULT_NAMESPACE);
    }
    try {
      switch (kind) {
        case "SenderDomain" -> senderDomains.add(MAPPER.treeToValue(doc, SenderDomain.class));
        case "DnsProvider" -> providers.add(MAPPER.treeToValue(doc, DnsProvider.class));
        case "ClusterDnsProvider" ->
            clusterProviders.add(MAPPER.treeToValue(doc, ClusterDnsProvider.class));
        case "Secret" -> secrets.add(MAPPER.treeToValue(doc, Secret.class));
        default -> ignored.add(where + ": kind '" + kind + "' is not used by push");
      }
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      // Jackson names the field; the value is not echoed (a Secret's data must not reach the
      // terminal).
      String path =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
              .orElse("");
      throw new IOException(
          where + " (" + kind + "): field '" + path + "': " + e.getOriginalMessage(), e);
    }
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
