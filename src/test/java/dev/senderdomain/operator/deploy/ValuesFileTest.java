package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * values.yaml documents every value, and values.schema.json describes exactly the values that
 * exist.
 */
class ValuesFileTest {
  static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][\\w.-]*):(.*)$");

  @Test
  void everyValueHasACommentAbove() throws Exception {
    List<String> lines = Files.readAllLines(HelmChart.DIR.resolve("values.yaml"));
    List<String> undocumented = new ArrayList<>();
    int freeFormIndent = -1; // inside resources: or labels:, documented as a whole
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY.matcher(lines.get(i));
      if (!key.matches()) {
        continue;
      }
      int indent = key.group(1).length();
      if (freeFormIndent >= 0 && indent > freeFormIndent) {
        continue;
      }
      freeFormIndent =
          Set.of("resources", "labels", "podSecurityContext", "securityContext")
                  .contains(key.group(2))
              ? indent
              : -1;
      if (isParentMapping(lines, i, key) && freeFormIndent < 0) {
        continue;
      }
      String above = i == 0 ? "" : lines.get(i - 1).strip();
      if (!above.startsWith("#")) {
        undocumented.add(lines.get(i).strip());
      }
    }
    assertThat(undocumented).isEmpty();
  }

  /** A key whose value is a nested mapping: its children carry the comments. */
  private static boolean isParentMapping(List<String> lines, int i, Matcher key) {
    if (!key.group(3).isBlank() || i + 1 >= lines.size()) {
      return false;
    }
    Matcher next = KEY.matcher(lines.get(i + 1));
    int indent = key.group(1).length();
    boolean nextIsComment = lines.get(i + 1).strip().startsWith("#");
    return (next.matches() && next.group(1).length() > indent) || nextIsComment;
  }

  @Test
  void schemaDescribesExactlyTheKeysOfValuesYaml() throws Exception {
    JsonNode values =
        new ObjectMapper(new YAMLFactory()).readTree(HelmChart.DIR.resolve("values.yaml").toFile());
    JsonNode schema =
        new ObjectMapper().readTree(HelmChart.DIR.resolve("values.schema.json").toFile());
    Set<String> inValues = new TreeSet<>();
    collectValueKeys(values, "", inValues);
    Set<String> inSchema = new TreeSet<>();
    collectSchemaKeys(schema, "", inSchema);
    inSchema.remove("global");
    assertThat(inSchema).isEqualTo(inValues);
  }

  private static void collectValueKeys(JsonNode node, String prefix, Set<String> out) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode child = node.get(name);
      out.add(prefix + name);
      // Free-form maps (labels, annotations, resources' quantities, affinity) are described as a
      // whole.
      if (child.isObject()
          && !child.isEmpty()
          && !Set.of("labels", "requests", "limits", "podSecurityContext", "securityContext")
              .contains(name)) {
        collectValueKeys(child, prefix + name + ".", out);
      }
    }
  }

  private static void collectSchemaKeys(JsonNode schema, String prefix, Set<String> out) {
    JsonNode properties = schema.path("properties");
    for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      out.add(prefix + name);
      JsonNode child = properties.get(name);
      if (child.has("properties") && !Set.of("requests", "limits").contains(name)) {
        collectSchemaKeys(child, prefix + name + ".", out);
      }
    }
  }
}
