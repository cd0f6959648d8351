package dev.senderdomain.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.RequestBudget;
import dev.senderdomain.operator.dns.publish.ProviderRegistry;
import dev.senderdomain.operator.validate.FieldError;
import dev.senderdomain.operator.validate.InvalidSpecException;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import dev.senderdomain.operator.validate.admission.Admission;
import dev.senderdomain.operator.validate.admission.CrdAdmission;
import dev.senderdomain.operator.validate.admission.CustomResourceDefinitions;
import dev.senderdomain.operator.validate.admission.FieldProblem;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code kubectl apply} and then the operator would say about one document, offline: the CRD's
 * schema and CEL rules with strict field validation (kubectl's default: a misspelt field is an
 * error, not silently pruned), then the operator's own checks of the spec. Every problem is
 * reported with its field.
 */
final class ManifestCheck {
  /** The kinds this operator defines. */
  /** A provider message that starts with the field it is about. */
  private static final java.util.regex.Pattern FIELD_FIRST =
      java.util.regex.Pattern.compile(
          "^(spec\\.[A-Za-z0-9.]+): (.+)$", java.util.regex.Pattern.DOTALL);

  static final Set<String> OWN_KINDS = Set.of("SenderDomain", "DnsProvider", "ClusterDnsProvider");

  private ManifestCheck() {}

  /**
   * The result for one document of one of {@link #OWN_KINDS}.
   *
   * @param object the object as the API server would store it (unknown fields pruned), or null
   * @param problems field problems (path and message)
   */
  record Result(ObjectNode object, List<FieldError> problems) {}

  static Result check(JsonNode document) {
    String kind = document.path("kind").asText("");
    String apiVersion = document.path("apiVersion").asText("");
    Optional<CrdAdmission> crd = CustomResourceDefinitions.bundled().forKind(apiVersion, kind);
    if (crd.isEmpty()) {
      String served =
          CustomResourceDefinitions.bundled().all().stream()
              .filter(c -> c.kind().equals(kind))
              .map(CrdAdmission::apiVersion)
              .findFirst()
              .orElse("?");
      return new Result(
          null,
          List.of(
              new FieldError(
                  "apiVersion",
                  "Unsupported value: \""
                      + apiVersion
                      + "\": this build serves "
                      + kind
                      + " as "
                      + served)));
    }
    Admission admission = crd.get().review(document, null);
    List<FieldError> problems = new ArrayList<>();
    for (FieldProblem p : admission.strictProblems()) {
      problems.add(new FieldError(p.field(), p.message()));
    }
    for (FieldError e : operatorChecks(kind, admission.object())) {
      if (problems.stream().noneMatch(p -> related(p.field(), e.field()))) {
        problems.add(e);
      }
    }
    return new Result(admission.object(), problems);
  }

  /**
   * The operator's own checks, on the object as bound to the Java classes. Where the schema already
   * refused a value so that it cannot even be bound, the schema's problem stands alone.
   */
  private static List<FieldError> operatorChecks(String kind, JsonNode object) {
    try {
      switch (kind) {
        case "SenderDomain" -> {
          SenderDomain sd = Serialization.jsonMapper().treeToValue(object, SenderDomain.class);
          SenderDomainValidator.validate(sd);
        }
        case "DnsProvider", "ClusterDnsProvider" -> {
          DnsProviderSpec spec =
              Serialization.jsonMapper().treeToValue(object.get("spec"), DnsProviderSpec.class);
          ProviderRegistry.section(spec);
          RequestBudget.configured(spec);
        }
        default -> {}
      }
      return List.of();
    } catch (InvalidSpecException e) {
      return e.errors();
    } catch (DnsProviderException e) {
      // "spec.requestBudget.per: must be ...": the field the message starts with, when it names
      // one.
      java.util.regex.Matcher field = FIELD_FIRST.matcher(e.getMessage());
      return List.of(
          field.matches()
              ? new FieldError(field.group(1), field.group(2))
              : new FieldError("spec", e.getMessage()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      return List.of();
    }
  }

  /** Whether two field paths are the same field or one contains the other. */
  private static boolean related(String a, String b) {
    return a.equals(b)
        || a.startsWith(b + ".")
        || a.startsWith(b + "[")
        || b.startsWith(a + ".")
        || b.startsWith(a + "[");
  }
}
