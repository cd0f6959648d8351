package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.http.TokenGate;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.dashboard.DashboardHandler;
import dev.senderdomain.operator.report.dashboard.DomainDirectory;
import dev.senderdomain.operator.report.dashboard.ReverseDnsLookup;
import dev.senderdomain.operator.report.sender.SenderGroup;
import dev.senderdomain.operator.report.sender.SenderMap;
import dev.senderdomain.operator.report.sender.StoredSenders;
import dev.senderdomain.operator.report.store.GateVerdicts;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.report.store.ReportSummaries;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports pipeline assembled for the operator: the store, the ingestor, IMAP polling on a
 * schedule (when configured), {@code POST /reports} and {@code GET /dashboard} on the operator's
 * HTTP port, and the per-domain summary for {@code status.reports} and the rollout gate.
 */
public final class ReportPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReportPipeline.class);

  private final PipelineConfig config;
  private final ReportStore store;
  private final ReportIngestor ingestor;
  private final GateVerdicts verdicts;
  private final SenderMap senders;
  private final DomainDirectory directory;
  private final Clock clock;
  private ScheduledExecutorService scheduler;
  private volatile BooleanSupplier pollGate = () -> true;

  private ReportPipeline(
      PipelineConfig config,
      ReportStore store,
      ReportIngestor ingestor,
      GateVerdicts verdicts,
      DomainDirectory directory,
      Clock clock) {
    this.config = config;
    this.store = store;
    this.ingestor = ingestor;
    this.verdicts = verdicts;
    this.senders = config.senderMap();
    this.directory = directory;
    this.clock = clock;
  }

  /**
   * Opens the store and starts IMAP polling (if configured).
   *
   * @param managedDomain which domains' reports are accepted (SenderDomains in the cache)
   * @param directory what the dashboard shows per domain
   */
  public static ReportPipeline start(
      PipelineConfig config,
      OperatorMetrics metrics,
      Predicate<String> managedDomain,
      DomainDirectory directory,
      Clock clock) {
    ReportStore store = ReportStores.open(config.storeUrl(), config.storePassword().get(), clock);
    GateVerdicts verdicts = new GateVerdicts(store, clock);
    ReportIngestor ingestor =
        new ReportIngestor(
                store, metrics, ParserLimits.DEFAULTS, managedDomain, clock, config.retention())
            .onStored(verdicts::forget);
    ReportPipeline pipeline =
        new ReportPipeline(config, store, ingestor, verdicts, directory, clock);
    pipeline.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "reports");
              t.setDaemon(true);
              return t;
            });
    pipeline.scheduler.scheduleWithFixedDelay(
        pipeline::retentionQuietly, 1, 24 * 60, TimeUnit.MINUTES);
    if (config.imap() != null) {
      pipeline.startPolling();
    }
    return pipeline;
  }

  /** Deletes reports that ended longer than the retention ago; returns how many. */
  public int applyRetention() {
    int n = store.deleteEndingBefore(clock.instant().minus(config.retention()));
    if (n > 0) {
      LOG.info("report retention: deleted {} reports older than {}", n, config.retention());
    }
    return n;
  }

  private void retentionQuietly() {
    try {
      applyRetention();
    } catch (RuntimeException e) {
      LOG.warn("report retention failed, retried tomorrow: {}", e.getMessage());
    }
  }

  /**
   * Polls the mailbox only while {@code when} is true, e.g. while this replica holds the leader
   * Lease: replicas would otherwise compete to move the same mail (the store would still count each
   * report once).
   */
  public ReportPipeline pollOnlyWhen(BooleanSupplier when) {
    this.pollGate = when;
    return this;
  }

  private void startPolling() {
    ImapReportPoller poller = new ImapReportPoller(config.imap(), config.imapPassword(), ingestor);
    scheduler.scheduleWithFixedDelay(
        () -> {
          if (!pollGate.getAsBoolean()) {
            return;
          }
          try {
            ImapReportPoller.PollResult r = poller.pollOnce();
            if (r.messages() > 0) {
              LOG.info(
                  "IMAP reports: {} mails, {} new reports, {} duplicates, {} mails failed",
                  r.messages(),
                  r.newReports(),
                  r.duplicateReports(),
                  r.failed());
            }
          } catch (Exception e) { // next poll retries; the mail stays in the inbox
            LOG.warn(
                "IMAP report poll of {}@{} failed: {}",
                config.imap().user(),
                config.imap().host(),
                e.getMessage());
          }
        },
        0,
        config.imapInterval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Adds {@code /reports} (upload) and {@code /dashboard} to the operator's HTTP server. */
  public ReportPipeline register(OperatorHttpServer server) {
    server.handle(
        "/reports",
        new ReportUploadHandler(ingestor, config.uploadToken(), config.uploadMaxBytes()));
    // Report data (source IPs, reporters, volumes) only with the read token; /metrics stays open.
    server.handle(
        "/dashboard",
        new TokenGate(
            config.readToken(),
            "senderdomain-operator dashboard",
            "SDO_DASHBOARD_TOKEN, chart value http.readToken",
            new DashboardHandler(
                directory, store, ReverseDnsLookup.system(clock), clock, verdicts, senders)));
    return this;
  }

  /**
   * The senders of {@code summary}'s sources, grouped, each failing one with its fix, most failing
   * messages first: for {@code status.reports}, so identified without reverse DNS (every replica
   * writes the same status).
   */
  public List<SenderGroup> senders(ReportSummary summary, List<String> declaredSenders) {
    return StoredSenders.of(
        store, summary, Map.of(), senders, SourceClassifier.of(declaredSenders));
  }

  /**
   * The rollout gate's verdict for the domain now (open when {@code gate} is null), the same one
   * the dashboard shows.
   */
  public GateVerdict gate(GateSpecValues gate, String domain, List<String> declaredSenders) {
    return verdicts.verdict(domain, gate, declaredSenders);
  }

  public ReportSummary summary(String domain, Duration window, List<String> declaredSenders) {
    return ReportSummaries.summarize(
        store, domain, window, clock.instant(), SourceClassifier.of(declaredSenders));
  }

  public ReportStore store() {
    return store;
  }

  public ReportIngestor ingestor() {
    return ingestor;
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow(); // the poller's mail stays where it is if a poll is cut off
      try {
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    store.close();
  }
}
