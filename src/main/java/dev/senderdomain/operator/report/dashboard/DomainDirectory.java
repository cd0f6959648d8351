package dev.senderdomain.operator.report.dashboard;

import dev.senderdomain.operator.report.GateSpecValues;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the reconciler knows about each SenderDomain that the dashboard shows next to its reports.
 * The operator implements it from its informer cache; tests with a list.
 */
@FunctionalInterface
public interface DomainDirectory {
  /** Every managed domain, in the order the dashboard lists them. */
  List<DomainView> domains();

  /**
   * One SenderDomain as the dashboard shows it.
   *
   * @param policy DMARC policy in effect (none, quarantine, reject)
   * @param pct pct in effect, null when not published
   * @param record the published {@code _dmarc} TXT value
   * @param nextStepAt when the rollout steps next, null when complete or paused
   * @param timeline the rollout plan, oldest first (past steps as taken, future ones as planned)
   * @param declaredSenders ip4/ip6 addresses and CIDR ranges from {@code spec.spf}
   * @param gate the report gate, null without one
   */
  record DomainView(
      String namespace,
      String name,
      String domain,
      String policy,
      Integer pct,
      String record,
      Instant nextStepAt,
      List<TimelineRow> timeline,
      List<String> declaredSenders,
      GateSpecValues gate) {
    public DomainView {
      Objects.requireNonNull(domain, "domain");
      timeline = List.copyOf(timeline);
      declaredSenders = List.copyOf(declaredSenders);
    }
  }

  /** One rollout step: from {@code at}, this record is published. */
  record TimelineRow(Instant at, String policy, int pct, boolean testing, String record) {
    public TimelineRow {
      Objects.requireNonNull(at, "at");
    }
  }
}
