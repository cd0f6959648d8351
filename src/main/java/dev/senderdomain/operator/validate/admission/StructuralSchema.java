package dev.senderdomain.operator.validate.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks an object along its CRD's structural schema the way the API server does before it
 * validates: fields the schema does not declare are pruned (unless {@code
 * x-kubernetes-preserve-unknown-fields}), {@code null} is dropped where the schema does not say
 * {@code nullable}, and {@code default}s are filled in.
 */
final class StructuralSchema {
  /** apiVersion, kind and metadata are the API server's, never pruned by a CRD schema. */
  static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private StructuralSchema() {}

  /** The schema of {@code name} in an object schema (a property or additionalProperties). */
  static JsonNode property(JsonNode schema, String name) {
    JsonNode declared = schema.path("properties").get(name);
    if (declared != null) {
      return declared;
    }
    JsonNode additional = schema.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  static JsonNode items(JsonNode schema) {
    JsonNode items = schema.get("items");
    return items != null && items.isObject() ? items : null;
  }

  static boolean preservesUnknownFields(JsonNode schema) {
    return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        || schema.path("additionalProperties").asBoolean(false);
  }

  static boolean nullable(JsonNode schema) {
    return schema.path("nullable").asBoolean(false);
  }

  /**
   * Prunes {@code value} (changed in place) along {@code schema}; returns the paths of the fields
   * removed because the schema does not declare them.
   */
  static List<String> prune(JsonNode rootSchema, ObjectNode object) {
    List<String> pruned = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (ROOT_FIELDS.contains(field.getKey())) {
        continue;
      }
      JsonNode schema = rootSchema.path("properties").get(field.getKey());
      if (schema == null) {
        pruned.add(field.getKey());
        fields.remove();
      } else if (field.getValue().isNull() && !nullable(schema)) {
        fields.remove();
      } else {
        walk(schema, field.getValue(), field.getKey(), pruned);
      }
    }
    return pruned;
  }

  private static void walk(JsonNode schema, JsonNode value, String path, List<String> pruned) {
    if (value instanceof ObjectNode object && !schema.has("items")) {
      applyDefaults(schema, object);
      if (preservesUnknownFields(schema) && !schema.has("properties")) {
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode child = property(schema, field.getKey());
        String childPath =
            child != null && !schema.path("properties").has(field.getKey())
                ? FieldPaths.key(path, field.getKey())
                : FieldPaths.field(path, field.getKey());
        if (child == null) {
          if (!preservesUnknownFields(schema)) {
            pruned.add(childPath);
            fields.remove();
          }
        } else if (field.getValue().isNull() && !nullable(child)) {
          fields.remove();
        } else {
          walk(child, field.getValue(), childPath, pruned);
        }
      }
    } else if (value instanceof ArrayNode array) {
      JsonNode items = items(schema);
      if (items != null) {
        for (int i = 0; i < array.size(); i++) {
          walk(items, array.get(i), FieldPaths.index(path, i), pruned);
        }
      }
    }
  }

  private static void applyDefaults(JsonNode schema, ObjectNode object) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              if (!object.has(p.getKey()) && p.getValue().has("default")) {
                object.set(p.getKey(), p.getValue().get("default").deepCopy());
              }
            });
  }
}
