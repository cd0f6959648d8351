package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.validate.admission.CustomResourceDefinitions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/examples: valid against the CRDs, one DnsProvider per adapter, references that resolve, no
 * real secrets.
 */
class DeployExamplesTest {
  static final Path DIR = HelmChart.PROJECT.resolve("deploy/examples");
  static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  record Example(String file, Map<String, Object> resource) {
    String kind() {
      return (String) resource.get("kind");
    }

    String name() {
      return (String) ((Map<?, ?>) resource.get("metadata")).get("name");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> spec() {
      return (Map<String, Object>) resource.get("spec");
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static List<Example> examples;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws Exception {
    examples = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.sorted().toList()) {
        examples.add(
            new Example(
                file.getFileName().toString(), STRICT_YAML.readValue(file.toFile(), Map.class)));
      }
    }
  }

  static Stream<Example> customResources() throws Exception {
    load();
    return examples.stream().filter(e -> !e.kind().equals("Secret"));
  }

  @Test
  void everyExampleIsAResourceTheOperatorUses() {
    assertThat(examples)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.kind())
                  .as(e.file())
                  .isIn("Secret", "DnsProvider", "ClusterDnsProvider", "SenderDomain");
              assertThat(e.resource().get("apiVersion"))
                  .as(e.file())
                  .isEqualTo(e.kind().equals("Secret") ? "v1" : "senderdomain.dev/v1alpha1");
              assertThat(e.file()).startsWith(e.kind().toLowerCase());
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("customResources")
  void customResourceExampleMatchesItsCrdSchemaAndJavaClass(Example example) throws Exception {
    // The admission validate and the API stand-in run: schema, CEL rules, strict field validation.
    assertThat(
            CustomResourceDefinitions.bundled()
                .forKind("senderdomain.dev/v1alpha1", example.kind())
                .orElseThrow()
                .review(new ObjectMapper().valueToTree(example.resource()), null)
                .strictProblems())
        .isEmpty();
    Class<?> specClass =
        example.kind().equals("SenderDomain") ? SenderDomainSpec.class : DnsProviderSpec.class;
    assertThat(STRICT_YAML.convertValue(example.spec(), specClass)).isNotNull();
  }

  @Test
  void everyAdapterHasOneDnsProviderExampleWithExactlyThatAdapterSet() throws Exception {
    Set<String> adapters =
        Arrays.stream(DnsProviderSpec.class.getFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .map(Field::getName)
            // the scope fields, not adapters (docs/install.md, multi-tenant clusters), and the
            // request budget every adapter has (docs/providers.md)
            .filter(f -> !f.startsWith("allow") && !f.equals("requestBudget"))
            .collect(Collectors.toSet());
    List<String> shown = new ArrayList<>();
    for (Example e : examples) {
      if (e.kind().equals("DnsProvider")) {
        DnsProviderSpec spec = STRICT_YAML.convertValue(e.spec(), DnsProviderSpec.class);
        List<String> set = new ArrayList<>();
        for (String adapter : adapters) {
          if (DnsProviderSpec.class.getField(adapter).get(spec) != null) {
            set.add(adapter);
          }
        }
        assertThat(set)
            .as("adapters set in %s (the CRD's rule wants exactly one)", e.file())
            .hasSize(1);
        assertThat(e.file()).isEqualTo("dnsprovider-" + set.get(0) + ".yaml");
        shown.addAll(set);
      }
    }
    assertThat(shown).containsExactlyInAnyOrderElementsOf(adapters);
  }

  @Test
  void everySecretReferenceNamesAnExampleSecretWithThatKey() {
    Map<String, Set<String>> secrets =
        examples.stream()
            .filter(e -> e.kind().equals("Secret"))
            .collect(
                Collectors.toMap(
                    Example::name,
                    e ->
                        ((Map<?, ?>) e.resource().get("stringData"))
                            .keySet().stream().map(Object::toString).collect(Collectors.toSet())));
    List<Map<?, ?>> refs =
        examples.stream()
            .filter(e -> e.kind().endsWith("DnsProvider"))
            .flatMap(e -> secretRefs(e.spec()))
            .toList();
    assertThat(refs)
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(
            ref -> {
              assertThat(secrets).containsKey((String) ref.get("name"));
              assertThat(secrets.get((String) ref.get("name"))).contains((String) ref.get("key"));
            });
  }

  @Test
  void secretExamplesAreTemplatesWithPlaceholdersOnly() {
    assertThat(examples)
        .filteredOn(e -> e.kind().equals("Secret"))
        .hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(
            e -> {
              assertThat(e.resource()).doesNotContainKey("data");
              assertThat(((Map<?, ?>) e.resource().get("stringData")).values())
                  .allSatisfy(
                      v ->
                          assertThat(v.toString()).as(e.file()).matches("REPLACE_WITH_[A-Z0-9_]+"));
            });
  }

  @Test
  void senderDomainExamplesCoverADomainAndItsSubdomainThroughExampleProviders() {
    List<Example> domains = examples.stream().filter(e -> e.kind().equals("SenderDomain")).toList();
    Set<String> providers =
        examples.stream()
            .filter(e -> e.kind().endsWith("DnsProvider"))
            .map(e -> e.kind() + "/" + e.name())
            .collect(Collectors.toSet());
    for (Example d : domains) {
      Map<?, ?> ref = (Map<?, ?>) d.spec().get("providerRef");
      String kind = Objects.requireNonNullElse((String) ref.get("kind"), "DnsProvider");
      assertThat(providers).as(d.file()).contains(kind + "/" + ref.get("name"));
    }
    List<String> names = domains.stream().map(d -> (String) d.spec().get("domain")).toList();
    assertThat(names)
        .anySatisfy(parent -> assertThat(names).anyMatch(n -> n.endsWith("." + parent)));
  }

  /** Every {name, key} object under a field whose name ends in secretRef or SecretRef. */
  private static Stream<Map<?, ?>> secretRefs(Object node) {
    if (node instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .flatMap(
              e ->
                  e.getKey().toString().toLowerCase().endsWith("secretref")
                      ? Stream.of((Map<?, ?>) e.getValue())
                      : secretRefs(e.getValue()));
    }
    if (node instanceof List<?> list) {
      return list.stream().flatMap(DeployExamplesTest::secretRefs);
    }
    return Stream.empty();
  }
}
