package dev.senderdomain.operator.validate.admission;

/**
 * One reason the API server would refuse an object, as it words it: the field path ({@code
 * spec.dkim.algorithms[0]}), the kind of problem and the detail, e.g. {@code spec.ttl: Invalid
 * value: 5: should be greater than or equal to 30}.
 *
 * @param field the field path as kubectl prints it, without a leading dot
 * @param type what kind of problem (the API server's cause reason)
 * @param detail what is wrong, including the offending value where the API server shows it
 */
public record FieldProblem(String field, Type type, String detail) {
  /** The API server's field error types (k8s.io/apimachinery field.ErrorType). */
  public enum Type {
    REQUIRED("FieldValueRequired", "Required value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    UNSUPPORTED("FieldValueNotSupported", "Unsupported value"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value"),
    /** A field the schema does not declare (refused under strict field validation). */
    UNKNOWN("FieldValueUnknown", "Unknown field");

    private final String reason;
    private final String text;

    Type(String reason, String text) {
      this.reason = reason;
      this.text = text;
    }

    /** The cause reason in the API server's Status body. */
    public String reason() {
      return reason;
    }

    /** How kubectl prints it. */
    public String text() {
      return text;
    }

    /** The type for a CEL rule's {@code reason}, INVALID when absent or unknown. */
    static Type ofRuleReason(String reason) {
      for (Type t : values()) {
        if (t.reason.equals(reason)) {
          return t;
        }
      }
      return INVALID;
    }
  }

  /** The message after the field path, e.g. {@code Invalid value: 5: should be ...}. */
  public String message() {
    return detail == null || detail.isEmpty() ? type.text() : type.text() + ": " + detail;
  }

  @Override
  public String toString() {
    return field + ": " + message();
  }
}
