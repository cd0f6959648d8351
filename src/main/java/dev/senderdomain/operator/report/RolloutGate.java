package dev.senderdomain.operator.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The report-based gate in front of each DMARC step up ({@code spec.dmarc.rollout.gate}). Pure.
 * Only expected senders count: failures from unknown senders are what a stricter policy is for, and
 * forwarders fail DMARC no matter what the domain publishes (RFC 7489 10.1 / RFC 9989 discuss
 * indirect mail flows). The gate holds when the expected senders' pass rate over the window is
 * below {@code minPassRate}, but only with at least {@code minMessages} of their messages: a
 * handful of reports is no evidence either way. It re-opens by itself as soon as a later evaluation
 * sees the rate recover.
 */
public final class RolloutGate {
  static final int WORST = 5;

  private RolloutGate() {}

  /**
   * @param gate the gate values; null means no gate (always open)
   * @param summary the domain's reports over {@code gate.window()} ending at {@code now}
   * @param now the evaluation time, used to say how old the latest report is
   */
  public static GateVerdict evaluate(GateSpecValues gate, ReportSummary summary, Instant now) {
    if (gate == null) {
      return new GateVerdict(
          true,
          "no report gate configured",
          summary.expectedMessages(),
          summary.expectedPassRate(),
          List.of());
    }
    long messages = summary.expectedMessages();
    long pass = summary.expectedPass();
    double rate = summary.expectedPassRate();
    String window = "over " + human(gate.window());
    if (messages < gate.minMessages()) {
      return new GateVerdict(
          true,
          String.format(
              Locale.ROOT,
              "gate open: %d messages from expected senders %s, fewer than minMessages %d, so the pass rate is not"
                  + " checked%s",
              messages,
              window,
              gate.minMessages(),
              latest(summary, now)),
          messages,
          rate,
          List.of());
    }
    if (rate >= gate.minPassRate()) {
      return new GateVerdict(
          true,
          String.format(
              Locale.ROOT,
              "gate open: expected senders' DMARC pass rate %.2f%% (%d of %d messages) %s meets minPassRate %s%%",
              rate,
              pass,
              messages,
              window,
              number(gate.minPassRate())),
          messages,
          rate,
          List.of());
    }
    List<ClassifiedSource> worst =
        summary.failingSources().stream()
            .filter(s -> s.classification() == SourceClass.EXPECTED)
            .limit(WORST)
            .toList();
    StringBuilder sources = new StringBuilder();
    for (ClassifiedSource s : worst) {
      sources
          .append(sources.length() == 0 ? "" : ", ")
          .append(s.stats().ip().isEmpty() ? "(no IP)" : s.stats().ip())
          .append(" (")
          .append(s.stats().failing())
          .append(" of ")
          .append(s.stats().messages())
          .append(" failing)");
    }
    String message =
        String.format(
            Locale.ROOT,
            "step held: expected senders' DMARC pass rate %.2f%% (%d of %d messages) %s is below minPassRate %s%%;"
                + " worst sources: %s",
            rate,
            pass,
            messages,
            window,
            number(gate.minPassRate()),
            sources);
    return new GateVerdict(false, message, messages, rate, worst);
  }

  private static String latest(ReportSummary summary, Instant now) {
    if (summary.lastReportAt() == null) {
      return "; no report received yet";
    }
    long hours = java.time.Duration.between(summary.lastReportAt(), now).toHours();
    return hours >= 48 ? "; latest report ended " + hours / 24 + " days ago" : "";
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  public static String human(java.time.Duration d) {
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
