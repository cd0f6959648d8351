package dev.senderdomain.operator.validate.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import dev.senderdomain.operator.validate.admission.FieldProblem.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The {@code x-kubernetes-validations} rules of a schema, evaluated as the API server does: each
 * rule with {@code self} bound to the value of the field that carries it, only where that field is
 * present; a transition rule (one that reads {@code oldSelf}) only on an update that had a value
 * there before. Google's CEL for Java with the standard macros and the extension libraries the API
 * server also offers (strings, lists, sets, math, encoders, regex), plus the Kubernetes list
 * functions CRD rules use ({@link KubernetesListLibrary}).
 */
final class CelRules {
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
  private static final CelOptions OPTIONS = CelOptions.current().build();
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .addCompilerLibraries(
              CelExtensions.strings(),
              CelExtensions.lists(),
              CelExtensions.sets(OPTIONS),
              CelExtensions.math(OPTIONS),
              CelExtensions.encoders(OPTIONS),
              CelExtensions.regex())
          .addFunctionDeclarations(KubernetesListLibrary.declarations())
          .addFunctionBindings(KubernetesListLibrary.bindings())
          .addRuntimeLibraries(
              CelExtensions.strings(),
              CelExtensions.lists(),
              CelExtensions.sets(OPTIONS),
              CelExtensions.math(OPTIONS),
              CelExtensions.encoders(OPTIONS),
              CelExtensions.regex())
          .build();

  /** One rule, compiled once. {@code error} is set when it does not compile. */
  record Compiled(Program program, boolean transition, String error) {}

  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  /** Compiles (once) a rule; a rule that does not compile says why. */
  Compiled compile(String rule) {
    return compiled.computeIfAbsent(
        rule,
        r -> {
          try {
            CelValidationResult result = CEL.compile(r);
            if (result.hasError()) {
              return new Compiled(null, false, result.getIssueString());
            }
            return new Compiled(
                CEL.createProgram(result.getAst()), OLD_SELF.matcher(r).find(), null);
          } catch (Exception e) {
            return new Compiled(null, false, String.valueOf(e.getMessage()));
          }
        });
  }

  /** Every rule in {@code schema} and below, as (field path, rule) pairs, in schema order. */
  static List<Map.Entry<String, JsonNode>> rulesIn(JsonNode schema, String path) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    schema.path("x-kubernetes-validations").forEach(rule -> out.add(Map.entry(path, rule)));
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> out.addAll(rulesIn(p.getValue(), FieldPaths.field(path, p.getKey()))));
    JsonNode items = StructuralSchema.items(schema);
    if (items != null) {
      out.addAll(rulesIn(items, path + "[*]"));
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      out.addAll(rulesIn(additional, path + "[*]"));
    }
    return out;
  }

  /** Evaluates every rule that applies to {@code value} (and below); {@code old} may be null. */
  void check(JsonNode schema, JsonNode value, JsonNode old, String path, List<FieldProblem> out) {
    if (value == null || value.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      evaluate(rule, value, old, path, out);
    }
    if (value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              f -> {
                JsonNode child = StructuralSchema.property(schema, f.getKey());
                if (child != null) {
                  boolean declared = schema.path("properties").has(f.getKey());
                  check(
                      child,
                      f.getValue(),
                      old == null ? null : old.get(f.getKey()),
                      declared
                          ? FieldPaths.field(path, f.getKey())
                          : FieldPaths.key(path, f.getKey()),
                      out);
                }
              });
    } else if (value.isArray()) {
      JsonNode items = StructuralSchema.items(schema);
      if (items != null) {
        // Old list items are not correlated (the API server does it only for map and set lists).
        for (int i = 0; i < value.size(); i++) {
          check(items, value.get(i), null, FieldPaths.index(path, i), out);
        }
      }
    }
  }

  private void evaluate(
      JsonNode rule, JsonNode value, JsonNode old, String path, List<FieldProblem> out) {
    String text = rule.path("rule").asText();
    String field = path + rule.path("fieldPath").asText("");
    if (field.startsWith(".")) {
      field = field.substring(1);
    }
    Compiled c = compile(text);
    String shownType = "\"" + OpenApiValues.jsonType(value) + "\"";
    if (c.error() != null) {
      out.add(
          new FieldProblem(
              field, Type.INVALID, shownType + ": rule does not compile: " + c.error()));
      return;
    }
    if (c.transition() && old == null) {
      return;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(value));
    if (old != null) {
      vars.put("oldSelf", toCel(old));
    }
    Object result;
    try {
      result = c.program().eval(vars);
    } catch (CelEvaluationException e) {
      out.add(
          new FieldProblem(
              field,
              Type.INVALID,
              shownType + ": " + e.getMessage() + " evaluating rule: " + text));
      return;
    }
    if (!Boolean.TRUE.equals(result)) {
      out.add(
          new FieldProblem(
              field,
              Type.ofRuleReason(rule.path("reason").asText(null)),
              shownType + ": " + message(rule, vars, text)));
    }
  }

  private String message(JsonNode rule, Map<String, Object> vars, String text) {
    if (rule.hasNonNull("messageExpression")) {
      Compiled m = compile(rule.get("messageExpression").asText());
      if (m.error() == null) {
        try {
          Object v = m.program().eval(vars);
          if (v instanceof String s && !s.isBlank()) {
            return s;
          }
        } catch (CelEvaluationException e) {
          // fall back to the static message, as the API server does
        }
      }
    }
    return rule.hasNonNull("message") ? rule.get("message").asText() : "failed rule: " + text;
  }

  /** A JSON value as CEL sees it: maps, lists, strings, int (long), double, bool, null. */
  static Object toCel(JsonNode node) {
    if (node == null || node.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> map.put(f.getKey(), toCel(f.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    return node.asDouble();
  }
}
