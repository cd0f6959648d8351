package dev.senderdomain.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The structural checks the API server applies to a custom resource from its CRD's openAPIV3Schema:
 * types, required fields, patterns, bounds, enums, and unknown fields (which the API server would
 * silently prune, so an example with a misspelt field would look applied but do nothing). CEL rules
 * are not evaluated here.
 */
final class CrdSchema {
  private final JSONSchemaProps root;

  CrdSchema(CustomResourceDefinition crd) {
    this.root =
        crd.getSpec().getVersions().stream()
            .filter(v -> Boolean.TRUE.equals(v.getStorage()))
            .findFirst()
            .orElseThrow()
            .getSchema()
            .getOpenAPIV3Schema();
  }

  /**
   * Violations of the schema by a whole resource (apiVersion, kind and metadata are the API
   * server's).
   */
  List<String> violations(Map<String, Object> resource) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> field : resource.entrySet()) {
      if (List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
        continue;
      }
      JSONSchemaProps schema = root.getProperties().get(field.getKey());
      if (schema == null) {
        out.add("." + field.getKey() + ": unknown field");
      } else {
        check(field.getValue(), schema, "." + field.getKey(), out);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void check(Object value, JSONSchemaProps schema, String path, List<String> out) {
    String type = schema.getType();
    if (value == null) {
      out.add(path + ": null");
      return;
    }
    switch (type == null ? "" : type) {
      case "object" -> {
        if (!(value instanceof Map<?, ?> map)) {
          out.add(path + ": not an object");
          return;
        }
        for (String required : schema.getRequired()) {
          if (!map.containsKey(required)) {
            out.add(path + "." + required + ": required");
          }
        }
        for (Map.Entry<String, Object> field : ((Map<String, Object>) map).entrySet()) {
          JSONSchemaProps fieldSchema = schema.getProperties().get(field.getKey());
          if (fieldSchema == null
              && schema.getAdditionalProperties() != null
              && schema.getAdditionalProperties().getSchema() != null) {
            fieldSchema = schema.getAdditionalProperties().getSchema();
          }
          if (fieldSchema != null) {
            check(field.getValue(), fieldSchema, path + "." + field.getKey(), out);
          } else if (!Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
            out.add(path + "." + field.getKey() + ": unknown field");
          }
        }
      }
      case "array" -> {
        if (!(value instanceof List<?> list)) {
          out.add(path + ": not an array");
          return;
        }
        for (int i = 0; i < list.size(); i++) {
          check(list.get(i), schema.getItems().getSchema(), path + "[" + i + "]", out);
        }
      }
      case "string" -> {
        if (!(value instanceof String s)) {
          out.add(path + ": not a string");
          return;
        }
        if (schema.getPattern() != null && !s.matches(schema.getPattern())) {
          out.add(path + ": '" + s + "' does not match " + schema.getPattern());
        }
        if (schema.getMinLength() != null && s.length() < schema.getMinLength()) {
          out.add(path + ": shorter than " + schema.getMinLength());
        }
        if (schema.getMaxLength() != null && s.length() > schema.getMaxLength()) {
          out.add(path + ": longer than " + schema.getMaxLength());
        }
        if (!schema.getEnum().isEmpty()
            && schema.getEnum().stream().map(JsonNode::asText).noneMatch(s::equals)) {
          out.add(path + ": '" + s + "' not one of " + schema.getEnum());
        }
      }
      case "integer", "number" -> {
        boolean integral = value instanceof Integer || value instanceof Long;
        if (!(value instanceof Number n) || (type.equals("integer") && !integral)) {
          out.add(path + ": not an " + type);
          return;
        }
        if (schema.getMinimum() != null && n.doubleValue() < schema.getMinimum()) {
          out.add(path + ": below " + schema.getMinimum());
        }
        if (schema.getMaximum() != null && n.doubleValue() > schema.getMaximum()) {
          out.add(path + ": above " + schema.getMaximum());
        }
      }
      case "boolean" -> {
        if (!(value instanceof Boolean)) {
          out.add(path + ": not a boolean");
        }
      }
      default -> {
        // No type: anything goes (x-kubernetes-int-or-string and the like).
      }
    }
  }

  static CrdSchema forKind(String kind) {
    return KustomizeBase.topLevelCrds().stream()
        .map(p -> Serialization.unmarshal(KustomizeBase.read(p), CustomResourceDefinition.class))
        .filter(crd -> crd.getSpec().getNames().getKind().equals(kind))
        .map(CrdSchema::new)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no CRD for kind " + kind));
  }
}
