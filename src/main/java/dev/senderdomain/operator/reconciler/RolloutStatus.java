package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.PublishedStep;
import dev.senderdomain.operator.rollout.DmarcLadder;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a decision to {@code status.dmarc} and back. All instants are RFC 3339 UTC strings in
 * status. The rollout's memory is the published step itself ({@code policy}, {@code pct}, {@code
 * testing}) and {@code since}.
 */
public final class RolloutStatus {
  private RolloutStatus() {}

  /** The status for a decision and the _dmarc TXT value rendered for its step. */
  public static DmarcStatus toStatus(RolloutDecision decision, String record) {
    DmarcStatus s = new DmarcStatus();
    s.policy = decision.step().policy().tag();
    s.pct = decision.step().pct();
    s.testing = decision.step().testing();
    s.record = record;
    s.stage = decision.stage();
    s.nextStepAt = format(decision.nextStepAt());
    s.expectedCompletion = format(decision.expectedCompletion());
    s.since = format(decision.since());
    return s;
  }

  /**
   * The published step kept in status. A status of older versions that only has a usable {@code
   * stepIndex} maps through {@link DmarcLadder}. Anything missing or unreadable (hand-edited,
   * wiped) gives no step, and the caller reads the served record instead; an unreadable {@code
   * since} is unknown. Never throws.
   */
  public static RolloutState fromStatus(DmarcStatus status) {
    if (status == null) {
      return RolloutState.nothingPublished();
    }
    DmarcStep step = step(status);
    if (step == null) {
      return RolloutState.nothingPublished();
    }
    Instant since = null;
    try {
      since = status.since == null ? null : Instant.parse(status.since);
    } catch (DateTimeParseException e) {
      // unknown: the rollout counts from now
    }
    return new RolloutState(step, since);
  }

  /** Published steps kept in {@code status.dmarc.history}; the oldest go first. */
  static final int HISTORY = 100;

  /**
   * {@code history} with the step {@code published} shows appended when it differs from the last
   * one: a step enters the history once it is published (pushed, or served when published by hand),
   * never because the schedule reached it.
   */
  static List<PublishedStep> withPublished(List<PublishedStep> history, DmarcStatus published) {
    List<PublishedStep> out = new ArrayList<>(history == null ? List.of() : history);
    if (published.record == null || published.since == null) {
      return out.isEmpty() ? null : out;
    }
    PublishedStep last = out.isEmpty() ? null : out.get(out.size() - 1);
    if (last == null || !published.record.equals(last.record)) {
      out.add(
          new PublishedStep(
              published.since,
              published.policy,
              published.pct,
              published.testing,
              published.record));
    }
    return out.size() > HISTORY
        ? new ArrayList<>(out.subList(out.size() - HISTORY, out.size()))
        : out;
  }

  private static DmarcStep step(DmarcStatus status) {
    if (status.policy != null) {
      try {
        int pct = status.pct == null ? 100 : status.pct;
        if (pct >= 0 && pct <= 100) {
          return DmarcStep.of(
              DmarcPolicy.parse(status.policy), pct, Boolean.TRUE.equals(status.testing));
        }
      } catch (IllegalArgumentException e) {
        // not a policy: try the old index below
      }
    }
    if (status.stepIndex != null && DmarcLadder.valid(status.stepIndex)) {
      return DmarcLadder.step(status.stepIndex);
    }
    return null;
  }

  private static String format(Instant t) {
    return t == null ? null : t.toString();
  }
}
