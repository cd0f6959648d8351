package dev.senderdomain.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared corpus of real DMARC aggregate reports ({@code ../shared/testdata/dmarc-aggregate},
 * see its SOURCES.md): extra coverage, never a dependency. Its location can be overridden with
 * {@code -Dsenderdomain.testdata=DIR} or {@code SENDERDOMAIN_TESTDATA=DIR} (DIR holds {@code
 * dmarc-aggregate/}); tests using it skip when it is absent.
 */
public final class CorpusFiles {
  private CorpusFiles() {}

  public static Path dir() {
    String configured =
        System.getProperty("senderdomain.testdata", System.getenv("SENDERDOMAIN_TESTDATA"));
    Path base = configured != null ? Path.of(configured) : Path.of("..", "shared", "testdata");
    return base.resolve("dmarc-aggregate");
  }

  public static boolean present() {
    return Files.isDirectory(dir());
  }

  /** The well-formed reports (not malformed/), sorted by name; empty when the corpus is absent. */
  public static List<Path> reports() {
    if (!present()) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir())) {
      return list.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
