package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.dns.DnsRecord;
import java.io.PrintWriter;

/** The human-readable form of a plan. */
final class PlanText {
  private PlanText() {}

  static void print(PlanCommand.DomainPlan p, PrintWriter out) {
    out.println("Domain " + p.config().domain() + ", records in effect at " + p.at() + ":");
    int width = p.records().stream().mapToInt(r -> r.name().length()).max().orElse(10) + 1;
    for (DnsRecord r : p.records()) {
      out.printf("  %-" + width + "s %6d  %-5s %s%n", r.name() + ".", r.ttl(), r.type(), r.value());
    }
    out.println();
    out.println("DMARC rollout (step in effect: " + p.decision().stage() + ", " + p.decision().step().policy().tag()
        + (p.decision().nextStepAt() == null ? ", no further change scheduled" : ", next change at "
        + p.decision().nextStepAt()) + "):");
    out.printf("  %-22s %-11s %4s  %-5s %s%n", "FROM", "POLICY", "PCT", "T=Y", "RECORD");
    for (PlanCommand.TimelineEntry t : p.timeline()) {
      out.printf("  %-22s %-11s %4d  %-5s %s%n", t.at() == null ? "(first publication)" : t.at().toString(),
          t.step().policy().tag(), t.step().pct(), t.step().testing() ? "yes" : "no", t.record());
    }
    p.decision().warnings().forEach(w -> out.println("warning: " + w));
    out.println();
    out.println("DKIM keys shown are throwaway, generated for this plan only; the operator (or `push`) makes and"
        + " stores the real ones.");
  }
}
