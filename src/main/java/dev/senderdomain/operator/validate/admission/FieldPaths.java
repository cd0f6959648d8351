package dev.senderdomain.operator.validate.admission;

/** Field paths as the API server and kubectl print them: {@code spec.mx[0].host}. */
final class FieldPaths {
  private FieldPaths() {}

  static String field(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }

  /** A key of a map (additionalProperties), e.g. {@code labels[app]}. */
  static String key(String parent, String key) {
    return parent + "[" + key + "]";
  }
}
