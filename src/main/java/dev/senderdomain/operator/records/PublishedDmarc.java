package dev.senderdomain.operator.records;

import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.DmarcRecordParser;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.rollout.DmarcTxtRecord;
import dev.senderdomain.operator.rollout.InvalidDmarcRecordException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The DMARC step receivers apply for the TXT values served at {@code _dmarc.<domain>}: what the
 * rollout resumes from when status has no step (a new resource, a lost status). Pure.
 */
public final class PublishedDmarc {
  private PublishedDmarc() {}

  /**
   * The step in effect, empty when receivers apply no DMARC policy. As receivers discover it (RFC
   * 7489 6.6.3): values not starting with {@code v=DMARC1} are not DMARC records; none, or more
   * than one, means no policy. A record the strict parser refuses is read leniently and on the
   * protective side (its {@code p}, {@code pct} 100 unless a valid one is given), since some
   * receivers apply what they can read of it and the walk must not start below that.
   */
  public static Optional<DmarcStep> step(List<String> txtValues) {
    List<String> records =
        txtValues.stream().filter(DmarcRecordParser::startsAsDmarcRecord).toList();
    if (records.size() != 1) {
      return Optional.empty();
    }
    try {
      DmarcTxtRecord record = DmarcRecordParser.parse(records.get(0));
      DmarcPolicy policy = record.effectivePolicy();
      return Optional.of(DmarcStep.of(policy, record.effectivePct(), record.testing()));
    } catch (InvalidDmarcRecordException e) {
      return Optional.of(lenient(records.get(0)));
    }
  }

  private static DmarcStep lenient(String value) {
    DmarcPolicy policy = DmarcPolicy.NONE;
    int pct = 100;
    boolean testing = false;
    for (String part : value.split(";")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String tag = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = part.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
      switch (tag) {
        case "p" -> {
          if (v.equals("quarantine") || v.equals("reject")) {
            policy = DmarcPolicy.parse(v);
          }
        }
        case "pct" -> {
          if (v.matches("[0-9]{1,3}") && Integer.parseInt(v) <= 100) {
            pct = Integer.parseInt(v);
          }
        }
        case "t" -> testing = v.equals("y");
        default -> {
          // other tags do not change what is enforced
        }
      }
    }
    return DmarcStep.of(policy, pct, testing);
  }
}
