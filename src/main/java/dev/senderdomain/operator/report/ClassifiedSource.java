package dev.senderdomain.operator.report;

import java.util.Objects;

/** A source's numbers and what {@link SourceClassifier} made of them. */
public record ClassifiedSource(SourceStats stats, SourceClass classification) {
  public ClassifiedSource {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(classification, "classification");
  }
}
