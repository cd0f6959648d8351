package dev.senderdomain.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.validate.FieldError;
import dev.senderdomain.operator.validate.InvalidSpecException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads manifests the way {@code kubectl apply -f} does: multi-document YAML (or JSON), any number of files, kinds
 * told apart by apiVersion and kind. Unknown fields are errors here, since the API server would silently prune them
 * and the user would never learn of the typo.
 */
public final class Manifests {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final ObjectMapper LENIENT = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final List<SenderDomain> senderDomains = new ArrayList<>();
  private final List<DnsProvider> dnsProviders = new ArrayList<>();
  private final List<ClusterDnsProvider> clusterDnsProviders = new ArrayList<>();
  private final List<Secret> secrets = new ArrayList<>();

  public static Manifests read(List<Path> files) throws InvalidSpecException, IOException {
    Manifests m = new Manifests();
    List<FieldError> errors = new ArrayList<>();
    for (Path file : files) {
      m.readFile(file, errors);
    }
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
    }
    return m;
  }

  private void readFile(Path file, List<FieldError> errors) throws IOException {
    String text = Files.readString(file);
    YAMLFactory yaml = new YAMLFactory();
    ObjectMapper reader = new ObjectMapper(yaml);
    int doc = 0;
    try (YAMLParser parser = yaml.createParser(text)) {
      var it = reader.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode node = it.next();
        doc++;
        if (node == null || node.isNull() || node.isEmpty()) {
          continue;
        }
        String where = file.getFileName() + (doc > 1 ? " (document " + doc + ")" : "");
        add(node, where, errors);
      }
    } catch (JsonProcessingException | RuntimeException e) {
      errors.add(new FieldError(file.getFileName().toString(), "is not valid YAML: " + firstLine(e.getMessage())));
    }
  }

  private void add(JsonNode node, String where, List<FieldError> errors) {
    String apiVersion = node.path("apiVersion").asText("");
    String kind = node.path("kind").asText("");
    String ours = SenderDomain.GROUP + "/" + SenderDomain.VERSION;
    try {
      if (apiVersion.equals(ours) && kind.equals("SenderDomain")) {
        senderDomains.add(STRICT.treeToValue(node, SenderDomain.class));
      } else if (apiVersion.equals(ours) && kind.equals("DnsProvider")) {
        dnsProviders.add(STRICT.treeToValue(node, DnsProvider.class));
      } else if (apiVersion.equals(ours) && kind.equals("ClusterDnsProvider")) {
        clusterDnsProviders.add(STRICT.treeToValue(node, ClusterDnsProvider.class));
      } else if (apiVersion.equals("v1") && kind.equals("Secret")) {
        secrets.add(LENIENT.treeToValue(node, Secret.class));
      } else {
        errors.add(new FieldError(where, "kind " + kind + " (" + apiVersion + ") is not one this command reads"
            + " (SenderDomain, DnsProvider, ClusterDnsProvider, Secret)"));
      }
    } catch (JsonMappingException e) {
      String path = e.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      errors.add(new FieldError(where + ": " + path, firstLine(e.getOriginalMessage())));
    } catch (JsonProcessingException e) {
      errors.add(new FieldError(where, firstLine(e.getOriginalMessage())));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    String line = s.lines().findFirst().orElse(s);
    int at = line.indexOf(" (class ");
    return at > 0 ? line.substring(0, at) : line;
  }

  public List<SenderDomain> senderDomains() {
    return senderDomains;
  }

  public List<DnsProvider> dnsProviders() {
    return dnsProviders;
  }

  public List<ClusterDnsProvider> clusterDnsProviders() {
    return clusterDnsProviders;
  }

  public List<Secret> secrets() {
    return secrets;
  }

  /** All resources read, in file order within kind. */
  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(senderDomains);
    all.addAll(dnsProviders);
    all.addAll(clusterDnsProviders);
    all.addAll(secrets);
    return all;
  }
}
