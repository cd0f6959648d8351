package dev.senderdomain.operator.mta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The mail server configuration blocks of docs/dkim.md, so the ring runs the configuration the
 * documentation gives, as written: only the listening ports (free ones here instead of 8891, 11332,
 * ...) are replaced, and a replacement that finds nothing fails.
 */
final class DocsConfig {
  private static final Path DOC = Path.of("docs", "dkim.md");

  private DocsConfig() {}

  /** The fenced code block whose first line is {@code header}, without the fences. */
  static String block(String header) {
    List<String> lines;
    try {
      lines = Files.readAllLines(DOC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).equals(header) && lines.get(i - 1).startsWith("```")) {
        StringBuilder sb = new StringBuilder();
        for (int j = i; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
          sb.append(lines.get(j)).append('\n');
        }
        return sb.toString();
      }
    }
    throw new IllegalStateException(DOC + " has no code block starting with '" + header + "'");
  }

  /** {@code text} with {@code from} replaced by {@code to}; {@code from} must be there. */
  static String replace(String text, String from, String to) {
    if (!text.contains(from)) {
      throw new IllegalStateException("'" + from + "' not in:\n" + text);
    }
    return text.replace(from, to);
  }
}
