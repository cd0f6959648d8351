package dev.senderdomain.operator.report.dashboard;

import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.dashboard.DomainDirectory.DomainView;
import dev.senderdomain.operator.report.sender.SenderMap;
import dev.senderdomain.operator.report.store.GateVerdicts;
import dev.senderdomain.operator.report.store.ReportStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the dashboard's views read: the SenderDomains, the store, reverse DNS, gate, sender map. */
record ViewSources(
    DomainDirectory directory,
    ReportStore store,
    ReverseNames names,
    GateVerdicts verdicts,
    SenderMap senders) {
  private static final Logger LOG = LoggerFactory.getLogger(ViewSources.class);

  /** The domain's classifier; one with a declared sender it cannot read classifies without. */
  static SourceClassifier classifier(DomainView v) {
    try {
      return SourceClassifier.of(v.declaredSenders());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "dashboard: {} for {}; classifying without declared senders", e.getMessage(), v.domain());
      return SourceClassifier.of(List.of());
    }
  }
}
