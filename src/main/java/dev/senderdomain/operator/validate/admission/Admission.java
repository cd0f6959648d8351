package dev.senderdomain.operator.validate.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the API server's admission makes of an object.
 *
 * @param object the object as it would be stored: unknown fields pruned, defaults applied
 * @param problems why it would be refused (422); empty when admitted
 * @param unknownFields fields the schema does not declare: pruned with a warning, or refused under
 *     strict field validation (kubectl's default)
 */
public record Admission(
    ObjectNode object, List<FieldProblem> problems, List<String> unknownFields) {
  public Admission {
    problems = List.copyOf(problems);
    unknownFields = List.copyOf(unknownFields);
  }

  public boolean admitted() {
    return problems.isEmpty();
  }

  /** The problems with each unknown field as one more, as strict field validation reports them. */
  public List<FieldProblem> strictProblems() {
    List<FieldProblem> all = new java.util.ArrayList<>(problems);
    unknownFields.forEach(
        f ->
            all.add(
                new FieldProblem(f, FieldProblem.Type.UNKNOWN, "field not declared in schema")));
    return all;
  }
}
