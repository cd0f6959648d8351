package dev.senderdomain.operator.records;

import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.DmarcStep;
import java.util.ArrayList;
import java.util.List;

/** Renders the _dmarc TXT value for a step. Pure. */
public final class DmarcRecordValue {
  private DmarcRecordValue() {}

  /**
   * {@code v=DMARC1} first and {@code p} second, as RFC 7489 6.4 requires; {@code pct} only while
   * ramping (absent means 100); {@code t=y} only when the step asks for RFC 9989 testing mode.
   */
  public static String render(DmarcStep step, DmarcOptions options) {
    List<String> tags = new ArrayList<>();
    tags.add("v=DMARC1");
    tags.add("p=" + step.policy().tag());
    if (options.subdomainPolicy() != null) {
      tags.add("sp=" + options.subdomainPolicy().tag());
    }
    if (options.nonExistentSubdomainPolicy() != null) {
      tags.add("np=" + options.nonExistentSubdomainPolicy().tag());
    }
    if (step.pct() < 100 && step.policy() != DmarcPolicy.NONE) {
      tags.add("pct=" + step.pct());
    }
    if (step.testing()) {
      tags.add("t=y");
    }
    if (!options.rua().isEmpty()) {
      tags.add("rua=" + String.join(",", options.rua()));
    }
    if (!options.ruf().isEmpty()) {
      tags.add("ruf=" + String.join(",", options.ruf()));
    }
    if (options.strictDkim()) {
      tags.add("adkim=s");
    }
    if (options.strictSpf()) {
      tags.add("aspf=s");
    }
    return String.join("; ", tags);
  }

  /** The parts of the record that do not change during the rollout. */
  public record DmarcOptions(
      List<String> rua,
      List<String> ruf,
      boolean strictDkim,
      boolean strictSpf,
      DmarcPolicy subdomainPolicy,
      DmarcPolicy nonExistentSubdomainPolicy) {
    public DmarcOptions {
      rua = List.copyOf(rua);
      ruf = List.copyOf(ruf);
    }
  }
}
