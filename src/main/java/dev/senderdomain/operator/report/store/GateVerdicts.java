package dev.senderdomain.operator.report.store;

import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ReportDomain;
import dev.senderdomain.operator.report.RolloutGate;
import dev.senderdomain.operator.report.SourceClassifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rollout gate's verdict, computed once per domain and shared: the reconciler's {@code
 * RolloutGated} condition and the dashboard show the same verdict object, in the same words. A
 * verdict is kept until a new report for its domain is stored ({@link #forget}), its gate or
 * declared senders change, or {@link #KEEP} passes (the window moves on with time).
 */
public final class GateVerdicts {
  static final Duration KEEP = Duration.ofMinutes(2);

  private final ReportStore store;
  private final Clock clock;
  private final Map<String, Entry> verdicts = new ConcurrentHashMap<>();

  private record Entry(
      GateSpecValues gate, List<String> senders, Instant at, GateVerdict verdict) {}

  public GateVerdicts(ReportStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The verdict for the domain's gate now.
   *
   * @param gate the gate; null means no gate, which is always open
   * @param declaredSenders the domain's declared sender ranges (they classify sources)
   */
  public GateVerdict verdict(String domain, GateSpecValues gate, List<String> declaredSenders) {
    String key = ReportDomain.normalize(domain);
    Instant now = clock.instant();
    Entry e = verdicts.get(key);
    if (e == null
        || !Objects.equals(e.gate(), gate)
        || !e.senders().equals(declaredSenders)
        || now.isAfter(e.at().plus(KEEP))
        || now.isBefore(e.at())) {
      Duration window = gate == null ? ReportSummaries.STATUS_WINDOW : gate.window();
      GateVerdict verdict =
          RolloutGate.evaluate(
              gate,
              ReportSummaries.summarize(
                  store, key, window, now, SourceClassifier.of(declaredSenders)),
              now);
      e = new Entry(gate, List.copyOf(declaredSenders), now, verdict);
      verdicts.put(key, e);
    }
    return e.verdict();
  }

  /** A new report for the domain was stored: its verdict is computed again when next asked. */
  public void forget(String domain) {
    verdicts.remove(ReportDomain.normalize(domain));
  }
}
