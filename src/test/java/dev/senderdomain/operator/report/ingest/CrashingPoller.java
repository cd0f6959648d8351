package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.store.ForwardingReportStore;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.report.store.StoreResult;
import java.util.Set;

/**
 * A separate JVM for {@link ImapPollerCrashTest}: polls the mailbox into an H2 file store and dies
 * with {@code Runtime.halt} (no finally blocks, no shutdown hooks, IMAP connection cut) at the
 * chosen moment: {@code before-commit}, {@code after-commit} (before the move) or {@code
 * after-poll} (right after the move).
 */
public final class CrashingPoller {
  static final int HALTED = 137;

  private CrashingPoller() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String user = args[1];
    String password = args[2];
    String storeUrl = args[3];
    String mode = args[4];
    ReportStore real = ReportStores.open(storeUrl, null);
    ReportStore store =
        new ForwardingReportStore(real) {
          @Override
          public StoreResult store(AggregateReport report, String source) {
            if (mode.equals("before-commit")) {
              Runtime.getRuntime().halt(HALTED);
            }
            StoreResult r = real.store(report, source);
            if (mode.equals("after-commit")) {
              Runtime.getRuntime().halt(HALTED);
            }
            return r;
          }
        };
    ImapReportPoller poller =
        new ImapReportPoller(
            ImapSettings.of("127.0.0.1", port, false, user),
            () -> password,
            new ReportIngestor(
                store, null, ParserLimits.DEFAULTS, Set.of("example.com")::contains));
    poller.pollOnce();
    Runtime.getRuntime().halt(mode.equals("after-poll") ? HALTED : 3);
  }
}
