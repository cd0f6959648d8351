package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.records.RolloutTimeline;
import dev.senderdomain.operator.rollout.PublicSuffixList;
import java.io.PrintWriter;

/** The human-readable form of a plan. */
final class PlanText {
  private PlanText() {}

  static void print(PlanCommand.DomainPlan p, PrintWriter out) {
    out.println(
        "Organizational domain for RFC 7489 receivers (public suffix list, section 3.2): "
            + PublicSuffixList.bundled().organizationalDomain(p.config().domain()));
    out.println("Domain " + p.config().domain() + ", records in effect at " + p.at() + ":");
    int width = p.records().stream().mapToInt(r -> r.name().length()).max().orElse(10) + 1;
    for (DnsRecord r : p.records()) {
      out.printf("  %-" + width + "s %6d  %-5s %s%n", r.name() + ".", r.ttl(), r.type(), r.value());
    }
    if (!p.externalRecords().isEmpty()) {
      out.println("Also needed in the zones of the report addresses (RFC 7489 7.1 authorization):");
      p.externalRecords()
          .forEach(r -> out.printf("  %s. %d %s %s%n", r.name(), r.ttl(), r.type(), r.value()));
    }
    out.println();
    RolloutTimeline.Entry now = p.inEffect();
    out.println("DMARC in effect: " + now.stage() + " - " + now.record());
    out.println("  RFC 7489 receivers (pct sampling): " + now.legacyReceivers());
    out.println("  RFC 9989 receivers (t= testing):   " + now.rfc9989Receivers());
    out.println(
        p.next() == null
            ? "  No further change scheduled."
            : "  Next change at " + p.next().at() + ": " + p.next().record());
    out.println();
    out.println("DMARC rollout timeline (every change point; at most one change a day):");
    RolloutTimeline.text(p.timeline()).lines().forEach(l -> out.println("  " + l));
    out.println();
    out.println(
        "DKIM keys shown are throwaway, generated for this plan only; the operator (or `push`) makes and"
            + " stores the real ones.");
  }
}
