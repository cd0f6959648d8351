package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample timelines in README.md and docs/rollout.md are what the engine computes. */
class DocumentedTimelinesTest {
  /** One change per entry, eight a line: {@code 01-01 q1 01-03 q2 ...} as the docs print it. */
  static String compact(List<TimelinePoint> points) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (TimelinePoint p : points.subList(1, points.size())) {
      DmarcStep s = p.step();
      boolean full = s.pct() == 100 && !s.testing();
      String code =
          s.policy() == DmarcPolicy.QUARANTINE
              ? (full ? "Q" : "q" + s.pct())
              : (full ? "R" : "r" + s.pct());
      sb.append(String.format("%s %-4s", p.at().toString().substring(5, 10), code));
      sb.append(++n % 8 == 0 ? "\n" : "  ");
    }
    return String.join("\n", sb.toString().lines().map(String::stripTrailing).toList());
  }

  @ParameterizedTest(name = "{0}: {1} {2}% by {3}, applied {4}")
  @CsvSource({
    "README.md,       reject,     100, 2027-04-01T00:00:00Z, 2026-12-01T00:00:00Z",
    "docs/rollout.md, reject,     100, 2027-04-01T00:00:00Z, 2026-12-01T00:00:00Z",
    "docs/rollout.md, quarantine, 50,  2027-03-01T00:00:00Z, 2026-12-01T00:00:00Z",
    "docs/rollout.md, reject,     100, 2027-04-01T00:00:00Z, 2027-02-10T10:00:00Z"
  })
  void theSampleTimelineIsTheOneTheEngineComputes(
      String doc, String policy, int percent, String targetDate, String applied) throws Exception {
    RolloutTarget target =
        new RolloutTarget(
                Instant.parse("2027-01-01T00:00:00Z"),
                DmarcPolicy.parse(policy),
                Instant.parse(targetDate),
                false)
            .withTarget(DmarcPolicy.parse(policy), percent, Instant.parse(targetDate));
    List<TimelinePoint> points =
        DmarcRollout.timeline(target, RolloutState.nothingPublished(), Instant.parse(applied));
    assertThat(Files.readString(Path.of(doc))).contains(compact(points));
  }
}
