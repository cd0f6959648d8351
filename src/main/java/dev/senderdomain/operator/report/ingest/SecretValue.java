package dev.senderdomain.operator.report.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A secret from the environment: {@code NAME_FILE} (a Secret mounted as a file, re-read on every
 * use so a rotated Secret takes effect without a restart) or {@code NAME} (a Secret exposed with
 * secretKeyRef). toString never shows the value.
 */
public final class SecretValue implements Supplier<String> {
  private final String name;
  private final Path file;
  private final String value;

  private SecretValue(String name, Path file, String value) {
    this.name = name;
    this.file = file;
    this.value = value;
  }

  /** {@code NAME_FILE} if set, else {@code NAME}, else empty. */
  public static SecretValue fromEnv(Map<String, String> env, String name) {
    String file = env.get(name + "_FILE");
    if (file != null && !file.isBlank()) {
      return new SecretValue(name, Path.of(file.strip()), null);
    }
    return new SecretValue(name, null, env.getOrDefault(name, ""));
  }

  public static SecretValue of(String name, String value) {
    return new SecretValue(name, null, value);
  }

  @Override
  public String get() {
    if (file == null) {
      return value;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + "_FILE " + file, e);
    }
  }

  public boolean isSet() {
    return file != null || !value.isEmpty();
  }

  @Override
  public String toString() {
    return name + (file != null ? " (from file " + file + ")" : isSet() ? " (set)" : " (not set)");
  }
}
