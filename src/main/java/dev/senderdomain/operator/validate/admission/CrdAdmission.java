package dev.senderdomain.operator.validate.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senderdomain.operator.validate.admission.FieldProblem.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Admission of one kind of custom resource by its CRD, in the API server's order: the structural
 * schema prunes unknown fields and applies defaults, then the openAPIV3Schema checks values and the
 * {@code x-kubernetes-validations} CEL rules run, then the object's name is checked. Every problem
 * is reported, not only the first.
 */
public final class CrdAdmission {
  // metadata.name of a custom resource: a DNS-1123 subdomain (RFC 1123), at most 253 characters.
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final boolean namespaced;
  private final JsonNode schema;
  private final OpenApiValues values;
  private final CelRules rules = new CelRules();

  /**
   * From a CustomResourceDefinition (apiextensions.k8s.io/v1) as a JSON tree; its storage version.
   */
  public CrdAdmission(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    this.group = spec.path("group").asText();
    this.kind = spec.path("names").path("kind").asText();
    this.plural = spec.path("names").path("plural").asText();
    this.namespaced = "Namespaced".equals(spec.path("scope").asText());
    JsonNode storage = null;
    for (JsonNode v : spec.path("versions")) {
      if (storage == null || v.path("storage").asBoolean(false)) {
        storage = v;
      }
    }
    if (storage == null || !storage.path("schema").has("openAPIV3Schema")) {
      throw new IllegalArgumentException("CRD " + plural + "." + group + " has no schema");
    }
    this.version = storage.path("name").asText();
    this.schema = storage.path("schema").path("openAPIV3Schema");
    this.values = new OpenApiValues(schema);
  }

  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  public boolean namespaced() {
    return namespaced;
  }

  /** apiVersion of the objects: group/version. */
  public String apiVersion() {
    return group + "/" + version;
  }

  /**
   * Admits a create ({@code old} null) or an update of {@code object}; neither argument is changed.
   */
  public Admission review(JsonNode object, JsonNode old) {
    if (!(object instanceof ObjectNode)) {
      return new Admission(
          null, List.of(new FieldProblem("", Type.TYPE_INVALID, "must be an object")), List.of());
    }
    ObjectNode admitted = ((ObjectNode) object).deepCopy();
    List<String> unknown = StructuralSchema.prune(schema, admitted);
    List<FieldProblem> problems = new ArrayList<>(metadata(admitted.path("metadata")));
    problems.addAll(values.check(admitted));
    if (problems.stream().anyMatch(CrdAdmission::blocksCel)) {
      // As the API server (apiextensions-apiserver's customresource strategy, hasBlockingErr): a
      // value of the wrong type or outside its enum would make rules fail or mislead, so none run,
      // and it says so in a problem without a field, printed as kubectl prints it.
      problems.add(new FieldProblem("<nil>", Type.INVALID, "\"null\": " + CEL_NOT_CHECKED));
    } else {
      rules.check(schema, admitted, old, "", problems);
    }
    return new Admission(admitted, problems, unknown);
  }

  static final String CEL_NOT_CHECKED =
      "some validation rules were not checked because the object was invalid; correct the"
          + " existing errors to complete validation";

  private static boolean blocksCel(FieldProblem p) {
    return p.type() == Type.TYPE_INVALID || p.type() == Type.UNSUPPORTED;
  }

  /** Every CEL rule of this CRD with the path of the field that carries it. */
  public List<Map.Entry<String, JsonNode>> rules() {
    return CelRules.rulesIn(schema, "");
  }

  /** Why {@code rule} does not compile, or null when it does. */
  public String compileError(String rule) {
    return rules.compile(rule).error();
  }

  private List<FieldProblem> metadata(JsonNode metadata) {
    List<FieldProblem> out = new ArrayList<>();
    String name = metadata.path("name").asText("");
    if (name.isEmpty() && metadata.path("generateName").asText("").isEmpty()) {
      out.add(new FieldProblem("metadata.name", Type.REQUIRED, "name or generateName is required"));
    } else if (!name.isEmpty()
        && (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches())) {
      out.add(
          new FieldProblem(
              "metadata.name",
              Type.INVALID,
              "\""
                  + name
                  + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                  + " characters, '-' or '.', and must start and end with an alphanumeric character"));
    }
    if (!namespaced
        && metadata.hasNonNull("namespace")
        && !metadata.get("namespace").asText().isEmpty()) {
      out.add(
          new FieldProblem(
              "metadata.namespace", Type.FORBIDDEN, "not allowed on cluster-scoped resources"));
    }
    return out;
  }
}
