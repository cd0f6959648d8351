package dev.senderdomain.operator.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found so far, each with its field. Validation goes on after a problem, so a person
 * fixes every problem in one round.
 */
final class Problems {
  private final List<FieldError> errors = new ArrayList<>();

  void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  /** How many problems are known; compare before and after a check to see whether it found one. */
  int count() {
    return errors.size();
  }

  boolean none() {
    return errors.isEmpty();
  }

  List<FieldError> all() {
    return List.copyOf(errors);
  }
}
