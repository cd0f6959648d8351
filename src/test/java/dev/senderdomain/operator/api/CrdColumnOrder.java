package dev.senderdomain.operator.api;

import dev.senderdomain.operator.api.v1alpha1.ClusterDnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the printer columns of the generated CRDs in the order the CRD classes declare them. The
 * crd-generator sorts them by JSON path, so {@code .metadata.creationTimestamp} (Age) would always
 * come first, where kubectl users expect it last. The build runs this on
 * target/classes/META-INF/fabric8 after the tests are compiled (pom.xml, process-test-classes), so
 * the jar, crds/ and {@link CrdDriftTest} all see the declared order; nothing but the order of the
 * column entries changes.
 */
public final class CrdColumnOrder {
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(SenderDomain.class, DnsProvider.class, ClusterDnsProvider.class);
  private static final String COLUMNS = "  - additionalPrinterColumns:";
  private static final Pattern NAME = Pattern.compile("^      name: \"(.*)\"$");

  private CrdColumnOrder() {}

  /** Rewrites, in the directory given, the CRD file of each kind whose columns are out of order. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    for (Class<? extends HasMetadata> kind : KINDS) {
      Path file = dir.resolve(fileName(kind));
      String yaml = Files.readString(file);
      String ordered = ordered(yaml, declared(kind));
      if (!ordered.equals(yaml)) {
        Files.writeString(file, ordered);
      }
    }
  }

  static String fileName(Class<? extends HasMetadata> kind) {
    return HasMetadata.getFullResourceName(kind) + "-v1.yml";
  }

  /** The column names in the order the class declares its annotations. */
  static List<String> declared(Class<?> kind) {
    return Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name)
        .toList();
  }

  /** {@code yaml} with its printer column entries in the order of {@code names}. */
  static String ordered(String yaml, List<String> names) {
    List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
    int start = lines.indexOf(COLUMNS);
    if (start < 0) {
      return yaml;
    }
    List<List<String>> entries = new ArrayList<>();
    int end = start + 1;
    while (end < lines.size()
        && (lines.get(end).startsWith("    - ") || lines.get(end).startsWith("      "))) {
      if (lines.get(end).startsWith("    - ")) {
        entries.add(new ArrayList<>());
      }
      entries.get(entries.size() - 1).add(lines.get(end));
      end++;
    }
    entries.sort(Comparator.comparingInt(entry -> position(entry, names)));
    List<String> out = new ArrayList<>(lines.subList(0, start + 1));
    entries.forEach(out::addAll);
    out.addAll(lines.subList(end, lines.size()));
    return String.join("\n", out);
  }

  private static int position(List<String> entry, List<String> names) {
    for (String line : entry) {
      Matcher m = NAME.matcher(line);
      if (m.matches() && names.contains(m.group(1))) {
        return names.indexOf(m.group(1));
      }
    }
    throw new IllegalStateException("a printer column no class declares: " + entry);
  }
}
