package dev.senderdomain.operator.records;

import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.rollout.ReceiverBehaviour;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollout as {@code plan} and the dashboard show it: one entry per change point with the record
 * and what each kind of receiver does. {@code plan --output json} and {@code plan --at} read the
 * same list of {@link DmarcRollout#timeline} points, so they always agree.
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
      String legacyReceivers,
      String rfc9989Receivers) {}

  /** The planned timeline, {@code p=none} published long enough before start. */
  public static List<Entry> entries(RolloutTarget target, DmarcOptions options) {
    return entries(DmarcRollout.timeline(target), target, options);
  }

  /** One entry per point of a {@link DmarcRollout#timeline}. */
  public static List<Entry> entries(
      List<TimelinePoint> points, RolloutTarget target, DmarcOptions options) {
    List<Entry> out = new ArrayList<>();
    for (TimelinePoint p : points) {
      out.add(entry(p, target, options));
    }
    return List.copyOf(out);
  }

  /** The entry of {@code points} in effect at {@code at}. */
  public static Entry entryAt(
      List<TimelinePoint> points, RolloutTarget target, DmarcOptions options, Instant at) {
    return entry(DmarcRollout.stepAt(points, at), target, options);
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

  private static Entry entry(TimelinePoint p, RolloutTarget target, DmarcOptions options) {
    DmarcStep s = p.step();
    ReceiverBehaviour r = ReceiverBehaviour.of(s);
    return new Entry(
        p.at() == null ? null : p.at().toString(),
        s.policy().tag(),
        s.pct(),
        s.testing(),
        DmarcRecordValue.render(s, options),
        DmarcRollout.stage(target, s),
        r.legacy(),
        r.rfc9989());
  }
}
