package dev.senderdomain.operator.report;

import java.util.Optional;

/** Identifier alignment mode published as {@code adkim} / {@code aspf} (RFC 7489 3.1, 6.3). */
public enum Alignment {
  RELAXED("r"),
  STRICT("s");

  private final String token;

  Alignment(String token) {
    this.token = token;
  }

  static Optional<Alignment> fromXml(String token) {
    return switch (token) {
      case "r", "R" -> Optional.of(RELAXED);
      case "s", "S" -> Optional.of(STRICT);
      default -> Optional.empty();
    };
  }

  public String token() {
    return token;
  }
}
