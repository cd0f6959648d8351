package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.ReportsStatus;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.rollout.GateStatus;
import java.util.List;

/**
 * The reports seam seen from the reconciler: the summary for status.reports and the rollout gate's
 * verdict.
 */
public interface ReportsView {
  /** The last days' summary of the domain's aggregate reports. */
  ReportsStatus status(String domain, List<String> declaredSenders);

  /** Whether the next rollout step may be taken through {@code gate}. */
  GateStatus gate(GateSpecValues gate, String domain, List<String> declaredSenders);
}
