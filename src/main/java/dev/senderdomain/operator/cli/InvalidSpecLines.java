package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.validate.InvalidSpecException;
import java.util.List;

/**
 * How every command prints a SenderDomain the validator refused: one line per problem, naming the
 * resource and the field, with the validator's own message (the same text the operator puts in the
 * Ready condition).
 */
final class InvalidSpecLines {
  private InvalidSpecLines() {}

  static List<String> of(SenderDomain sd, InvalidSpecException e) {
    return e.errors().stream().map(fe -> who(sd) + ": " + fe).toList();
  }

  /** {@code SenderDomain <namespace>/<name>}, as far as the manifest says. */
  static String who(SenderDomain sd) {
    if (sd.getMetadata() == null || sd.getMetadata().getName() == null) {
      return "SenderDomain";
    }
    String ns = sd.getMetadata().getNamespace();
    return "SenderDomain " + (ns == null ? "" : ns + "/") + sd.getMetadata().getName();
  }
}
