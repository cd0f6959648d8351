package dev.senderdomain.operator.validate.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CRDs admission checks against, by kind. {@link #bundled()} are this build's own CRDs, which
 * the crd-generator writes from the Java classes into the jar ({@code META-INF/fabric8/}; the same
 * files as {@code crds/} and the chart's, a test compares them), so {@code validate} needs no
 * cluster and no network.
 */
public final class CustomResourceDefinitions {
  /** The CRD files in the jar, one per kind. */
  public static final List<String> BUNDLED_RESOURCES =
      List.of(
          "META-INF/fabric8/senderdomains.senderdomain.dev-v1.yml",
          "META-INF/fabric8/dnsproviders.senderdomain.dev-v1.yml",
          "META-INF/fabric8/clusterdnsproviders.senderdomain.dev-v1.yml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static volatile CustomResourceDefinitions bundled;

  private final Map<String, CrdAdmission> byApiVersionAndKind = new LinkedHashMap<>();

  private CustomResourceDefinitions(Collection<JsonNode> crds) {
    for (JsonNode crd : crds) {
      CrdAdmission a = new CrdAdmission(crd);
      byApiVersionAndKind.put(a.apiVersion() + "/" + a.kind(), a);
    }
  }

  /** This build's CRDs, read once from the classpath. */
  public static CustomResourceDefinitions bundled() {
    CustomResourceDefinitions b = bundled;
    if (b == null) {
      List<JsonNode> crds = new ArrayList<>();
      for (String resource : BUNDLED_RESOURCES) {
        try (InputStream in =
            CustomResourceDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException("the jar lacks " + resource);
          }
          crds.add(YAML.readTree(in));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      b = new CustomResourceDefinitions(crds);
      bundled = b;
    }
    return b;
  }

  /** CRDs given as JSON trees (a newer version's, in tests of version skew). */
  public static CustomResourceDefinitions of(Collection<JsonNode> crds) {
    return new CustomResourceDefinitions(crds);
  }

  /** CRDs from YAML texts, one CRD each. */
  public static CustomResourceDefinitions fromYaml(Collection<String> yamls) {
    List<JsonNode> crds = new ArrayList<>();
    for (String y : yamls) {
      try {
        crds.add(YAML.readTree(y));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new CustomResourceDefinitions(crds);
  }

  /** The admission of objects with this apiVersion (group/version) and kind. */
  public Optional<CrdAdmission> forKind(String apiVersion, String kind) {
    return Optional.ofNullable(byApiVersionAndKind.get(apiVersion + "/" + kind));
  }

  /** The admission of a resource (plural) of a group, whatever the version. */
  public Optional<CrdAdmission> forResource(String group, String plural) {
    return byApiVersionAndKind.values().stream()
        .filter(a -> a.group().equals(group) && a.plural().equals(plural))
        .findFirst();
  }

  public Collection<CrdAdmission> all() {
    return byApiVersionAndKind.values();
  }
}
