package dev.senderdomain.operator.validate;

/**
 * One problem with the input: the field path (e.g. {@code spec.spf.include[0]}) and what is wrong
 * with it.
 */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
