package dev.senderdomain.operator.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile as its instructions, grouped by build stage (continuation lines joined, comments
 * dropped).
 */
record DockerfileInstructions(List<Stage> stages) {
  record Instruction(String keyword, String arguments) {}

  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    String last(String keyword) {
      List<Instruction> found = all(keyword);
      return found.isEmpty() ? null : found.get(found.size() - 1).arguments();
    }
  }

  static DockerfileInstructions parse(String text) {
    List<Stage> stages = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (logical.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        continue; // comment lines inside a continued instruction are skipped by Docker too
      }
      if (trimmed.endsWith("\\")) {
        logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      logical.append(trimmed);
      String[] parts = logical.toString().split("\\s+", 2);
      logical.setLength(0);
      Instruction instruction =
          new Instruction(
              parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
      if (instruction.keyword().equals("FROM")) {
        String[] from = instruction.arguments().split("\\s+");
        String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
        stages.add(new Stage(from[0], name, new ArrayList<>()));
      } else {
        if (stages.isEmpty()) {
          throw new IllegalArgumentException(instruction.keyword() + " before the first FROM");
        }
        stages.get(stages.size() - 1).instructions().add(instruction);
      }
    }
    if (logical.length() > 0) {
      throw new IllegalArgumentException("Dockerfile ends inside a continued line");
    }
    return new DockerfileInstructions(stages);
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }

  Stage last() {
    return stages.get(stages.size() - 1);
  }
}
