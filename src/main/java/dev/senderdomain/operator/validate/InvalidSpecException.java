package dev.senderdomain.operator.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The spec cannot be acted on; every problem is listed with its field. A permanent error: retrying
 * cannot help.
 */
public class InvalidSpecException extends Exception {
  private final List<FieldError> errors;

  public InvalidSpecException(List<FieldError> errors) {
    super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
