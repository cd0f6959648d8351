package dev.senderdomain.operator.records;

import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.DmarcLadder;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.rollout.ReceiverBehaviour;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollout as {@code plan} shows it: one entry per change point with the record and what each
 * kind of receiver does. {@link #entries} feeds {@code plan --output json}; {@link #entryAt} feeds
 * {@code plan --at}; both read the same {@link DmarcRollout#timeline}, so they always agree.
 */
public final class RolloutTimeline {
  private RolloutTimeline() {}

  /**
   * One change point. {@code at} is RFC 3339 UTC, null for the monitoring step in effect from the
   * beginning. Field names are the JSON keys of {@code plan --output json}'s {@code rollout} list.
   */
  public record Entry(
      String at,
      String policy,
      int pct,
      boolean testing,
      String record,
      String stage,
      int stepIndex,
      String legacyReceivers,
      String rfc9989Receivers) {}

  public static List<Entry> entries(RolloutTarget target, DmarcOptions options) {
    int finalIndex = DmarcRollout.finalIndex(target);
    List<Entry> out = new ArrayList<>();
    for (TimelinePoint p : DmarcRollout.timeline(target)) {
      out.add(entry(p, options, finalIndex));
    }
    return List.copyOf(out);
  }

  /** The entry in effect at {@code at}. */
  public static Entry entryAt(RolloutTarget target, DmarcOptions options, Instant at) {
    int finalIndex = DmarcRollout.finalIndex(target);
    return entry(DmarcRollout.stepAt(DmarcRollout.timeline(target), at), options, finalIndex);
  }

  /** A fixed-width text table: date, record, legacy receivers, RFC 9989 receivers. */
  public static String text(List<Entry> entries) {
    int recordWidth = entries.stream().mapToInt(e -> e.record().length()).max().orElse(6);
    int legacyWidth = entries.stream().mapToInt(e -> e.legacyReceivers().length()).max().orElse(6);
    String format = "%-20s  %-" + recordWidth + "s  %-" + legacyWidth + "s  %s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(format, "FROM", "RECORD", "RFC 7489 RECEIVERS (pct)", "RFC 9989 RECEIVERS"));
    for (Entry e : entries) {
      sb.append(
          String.format(
              format,
              e.at() == null ? "(beginning)" : e.at(),
              e.record(),
              e.legacyReceivers(),
              e.rfc9989Receivers()));
    }
    return sb.toString();
  }

  private static Entry entry(TimelinePoint p, DmarcOptions options, int finalIndex) {
    DmarcStep s = p.step();
    ReceiverBehaviour r = ReceiverBehaviour.of(s);
    return new Entry(
        p.at() == null ? null : p.at().toString(),
        s.policy().tag(),
        s.pct(),
        s.testing(),
        DmarcRecordValue.render(s, options),
        DmarcLadder.stage(p.stepIndex(), finalIndex),
        p.stepIndex(),
        r.legacy(),
        r.rfc9989());
  }
}
