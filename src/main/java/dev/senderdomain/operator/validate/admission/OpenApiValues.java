package dev.senderdomain.operator.validate.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.senderdomain.operator.validate.admission.FieldProblem.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The value checks of an openAPIV3Schema (types, required, patterns, bounds, enums, lengths, item
 * counts) by the networknt JSON Schema validator, on the schema translated to JSON Schema draft 4
 * (which OpenAPI 3.0 schemas are a dialect of), with the API server's wording.
 */
final class OpenApiValues {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
  private static final int MAX_SHOWN_VALUE = 80;

  private final Schema schema;

  OpenApiValues(JsonNode openApiV3Schema) {
    this.schema = REGISTRY.getSchema(toJsonSchema(openApiV3Schema));
  }

  /** Problems of an object already pruned along the same schema. */
  List<FieldProblem> check(JsonNode object) {
    List<FieldProblem> out = new ArrayList<>();
    for (Error e : schema.validate(object)) {
      out.add(problem(e));
    }
    return out;
  }

  private static FieldProblem problem(Error e) {
    String path = path(e.getInstanceLocation());
    JsonNode value = e.getInstanceNode();
    JsonNode limit = e.getSchemaNode();
    String bound = number(limit);
    return switch (e.getKeyword()) {
      case "required" ->
          new FieldProblem(FieldPaths.field(path, e.getProperty()), Type.REQUIRED, "");
      case "type" ->
          new FieldProblem(
              path,
              Type.TYPE_INVALID,
              "\"" + jsonType(value) + "\": must be of type " + typeList(limit));
      case "pattern" ->
          new FieldProblem(
              path, Type.INVALID, shown(value) + ": should match '" + limit.asText() + "'");
      case "minimum" ->
          new FieldProblem(
              path, Type.INVALID, shown(value) + ": should be greater than or equal to " + bound);
      case "maximum" ->
          new FieldProblem(
              path, Type.INVALID, shown(value) + ": should be less than or equal to " + bound);
      case "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format" ->
          new FieldProblem(path, Type.INVALID, shown(value) + ": " + e.getMessage());
      case "minLength" ->
          new FieldProblem(
              path, Type.INVALID, shown(value) + ": should be at least " + bound + " chars long");
      case "maxLength" ->
          new FieldProblem(path, Type.TOO_LONG, "may not be more than " + bound + " bytes");
      case "minItems" ->
          new FieldProblem(path, Type.INVALID, "should have at least " + bound + " items");
      case "maxItems" ->
          new FieldProblem(path, Type.TOO_MANY, "must have at most " + bound + " items");
      case "minProperties" ->
          new FieldProblem(path, Type.INVALID, "should have at least " + bound + " properties");
      case "maxProperties" ->
          new FieldProblem(path, Type.TOO_MANY, "must have at most " + bound + " properties");
      case "uniqueItems" -> new FieldProblem(path, Type.DUPLICATE, shown(value));
      case "enum" ->
          new FieldProblem(
              path,
              Type.UNSUPPORTED,
              shown(value)
                  + ": supported values: "
                  + StreamSupport.stream(limit.spliterator(), false)
                      .map(JsonNode::toString)
                      .collect(Collectors.joining(", ")));
      default -> new FieldProblem(path, Type.INVALID, e.getMessage());
    };
  }

  /** A bound as written in the schema: 30, not the 30.0 the CRD generator writes. */
  private static String number(JsonNode limit) {
    if (limit != null && limit.isNumber() && limit.asDouble() == Math.rint(limit.asDouble())) {
      return Long.toString(limit.asLong());
    }
    return String.valueOf(limit);
  }

  /** A NodePath such as /spec/mx/0/host as {@code spec.mx[0].host}. */
  static String path(NodePath location) {
    String path = "";
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path =
          element instanceof Integer index
              ? FieldPaths.index(path, index)
              : FieldPaths.field(path, String.valueOf(element));
    }
    return path;
  }

  /** A value as the API server shows it: JSON, shortened when long. */
  static String shown(JsonNode value) {
    String text = value == null ? "null" : value.toString();
    return text.length() <= MAX_SHOWN_VALUE ? text : text.substring(0, MAX_SHOWN_VALUE) + "...\"";
  }

  static String jsonType(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isIntegralNumber() ? "integer" : "number";
  }

  private static String typeList(JsonNode type) {
    return type.isArray()
        ? StreamSupport.stream(type.spliterator(), false)
            .map(JsonNode::asText)
            .filter(t -> !t.equals("null"))
            .collect(Collectors.joining(" or "))
        : type.asText();
  }

  /**
   * The JSON Schema draft 4 form: OpenAPI's {@code nullable} becomes a "null" type, the {@code
   * x-kubernetes-*} extensions, descriptions and number formats (int32, int64, double: kinds, not
   * constraints) are left out.
   */
  static JsonNode toJsonSchema(JsonNode openApi) {
    if (openApi instanceof ArrayNode array) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      array.forEach(item -> out.add(toJsonSchema(item)));
      return out;
    }
    if (!(openApi instanceof ObjectNode object)) {
      return openApi;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    boolean nullable = object.path("nullable").asBoolean(false);
    String type = object.path("type").asText("");
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String k = f.getKey();
      if (k.startsWith("x-kubernetes-")
          || k.equals("description")
          || k.equals("nullable")
          || k.equals("example")
          || k.equals("externalDocs")
          || (k.equals("format") && !type.equals("string"))) {
        continue;
      }
      switch (k) {
        case "properties", "definitions", "patternProperties" -> {
          ObjectNode props = JsonNodeFactory.instance.objectNode();
          f.getValue()
              .fields()
              .forEachRemaining(p -> props.set(p.getKey(), toJsonSchema(p.getValue())));
          out.set(k, props);
        }
        case "type" -> {
          if (nullable) {
            out.set(k, JsonNodeFactory.instance.arrayNode().add(f.getValue().asText()).add("null"));
          } else {
            out.set(k, f.getValue());
          }
        }
        default -> out.set(k, toJsonSchema(f.getValue()));
      }
    }
    return out;
  }
}
