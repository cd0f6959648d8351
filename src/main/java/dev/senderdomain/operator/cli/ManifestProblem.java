package dev.senderdomain.operator.cli;

/**
 * One problem in a manifest file, located as an editor or a CI log wants it: {@code file:line:
 * document N (Kind namespace/name): field: message}.
 *
 * @param file as given on the command line (or found in a directory)
 * @param document 1-based index of the YAML document in the file, 0 for the file as a whole
 * @param line 1-based line of the field (or of the nearest enclosing one), 0 when unknown
 * @param object {@code Kind namespace/name}, or null when the document is not an object
 * @param field the field path as kubectl prints it, or null for the whole document
 * @param message what is wrong, never a library's internals and never a Secret's value
 */
public record ManifestProblem(
    String file, int document, int line, String object, String field, String message) {
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (document > 0) {
      sb.append("document ").append(document);
      if (object != null) {
        sb.append(" (").append(object).append(')');
      }
      sb.append(": ");
    }
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }
}
