package dev.senderdomain.operator.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-document YAML (or JSON) read into trees that remember the line of every field, so a problem
 * can be reported where the user wrote it. Documents are numbered from 1 in the order of their
 * {@code ---} separators; empty ones count too, as they do for the reader of the file.
 */
final class YamlDocuments {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * One document.
   *
   * @param index 1-based
   * @param line where it starts
   * @param tree null for an empty document
   * @param lines the line of each field path ({@code spec.mx[0].host}) in the document
   */
  record Document(int index, int line, JsonNode tree, Map<String, Integer> lines) {
    /** The line of {@code field}, or of the nearest enclosing field written in the file. */
    int lineOf(String field) {
      String path = field == null ? "" : normalize(field);
      while (!path.isEmpty()) {
        Integer at = lines.get(path);
        if (at != null) {
          return at;
        }
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        path = cut < 0 ? "" : path.substring(0, cut);
      }
      return line;
    }

    /** {@code labels[app]} (a map key, as the API server writes it) is {@code labels.app} here. */
    private static String normalize(String field) {
      return field.replaceAll("\\[([^0-9\\]][^\\]]*)]", ".$1");
    }
  }

  /** What a file holds: its documents, and a syntax error that stopped reading, if any. */
  record Parsed(List<Document> documents, SyntaxError error) {}

  /** Where and why the text stopped being YAML. */
  record SyntaxError(int document, int line, String message) {}

  private YamlDocuments() {}

  static Parsed parse(String text) {
    List<Document> documents = new ArrayList<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        int line = p.currentTokenLocation().getLineNr();
        Map<String, Integer> lines = new HashMap<>();
        JsonNode tree = t == JsonToken.VALUE_NULL ? null : value(p, t, "", lines);
        documents.add(new Document(documents.size() + 1, line, tree, lines));
      }
      return new Parsed(documents, null);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      return new Parsed(
          documents, new SyntaxError(documents.size() + 1, line, oneLine(e.getOriginalMessage())));
    } catch (IOException e) {
      return new Parsed(documents, new SyntaxError(documents.size() + 1, 0, e.getMessage()));
    }
  }

  /** SnakeYAML's message without its "in 'reader', line ..." excerpts and carets. */
  private static String oneLine(String message) {
    return String.join(
        ": ",
        message
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("in '") && !l.matches("\\^*"))
            .distinct()
            .toList());
  }

  private static JsonNode value(JsonParser p, JsonToken t, String path, Map<String, Integer> lines)
      throws IOException {
    lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
          String name = p.currentName();
          String child = path.isEmpty() ? name : path + "." + name;
          lines.put(child, p.currentTokenLocation().getLineNr());
          o.set(name, value(p, p.nextToken(), child, lines));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        int i = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          a.add(value(p, t, path + "[" + i++ + "]", lines));
        }
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(p.getBigIntegerValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        return NODES.textNode(p.getText());
      }
    }
  }
}
