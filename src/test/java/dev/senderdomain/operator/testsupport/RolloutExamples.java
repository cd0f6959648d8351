package dev.senderdomain.operator.testsupport;

import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.time.Instant;
import java.util.List;

/** The rollout of the README's example, for tests of the rollout, its records and its status. */
public final class RolloutExamples {
  /** A record with one report address and nothing else fixed. */
  public static final DmarcOptions RUA =
      new DmarcOptions(List.of("mailto:dmarc@example.com"), List.of(), false, false, null, null);

  /** Start 2027-01-01, reject by 2027-04-01, the defaults otherwise. */
  public static final RolloutTarget REJECT_BY_APRIL =
      new RolloutTarget(
          Instant.parse("2027-01-01T00:00:00Z"),
          DmarcPolicy.REJECT,
          Instant.parse("2027-04-01T00:00:00Z"),
          false);

  private RolloutExamples() {}

  /** {@code step("quarantine", 5, true)}. */
  public static DmarcStep step(String policy, int pct, boolean testing) {
    return DmarcStep.of(DmarcPolicy.parse(policy), pct, testing);
  }
}
