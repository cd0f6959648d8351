package dev.senderdomain.operator.report.ingest;

import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.report.GateVerdict;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportSummary;
import dev.senderdomain.operator.report.RolloutGate;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.dashboard.DashboardHandler;
import dev.senderdomain.operator.report.dashboard.DomainDirectory;
import dev.senderdomain.operator.report.dashboard.ReverseDnsLookup;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.report.store.ReportSummaries;
import dev.senderdomain.operator.time.Durations;
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

  private final Config config;
  private final ReportStore store;
  private final ReportIngestor ingestor;
  private final DomainDirectory directory;
  private final Clock clock;
  private ScheduledExecutorService scheduler;
  private volatile BooleanSupplier pollGate = () -> true;

  /**
   * Settings, usually from the environment ({@link #fromEnv}).
   *
   * @param imap IMAP settings, null when no mailbox is polled
   * @param uploadToken the POST /reports bearer token; unset disables the endpoint
   */
  public record Config(
      String storeUrl,
      SecretValue storePassword,
      ImapReportPoller.Settings imap,
      SecretValue imapPassword,
      Duration imapInterval,
      SecretValue uploadToken,
      long uploadMaxBytes,
      Duration retention) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

    /** Without a retention setting: {@link #DEFAULT_RETENTION}. */
    public Config(
        String storeUrl,
        SecretValue storePassword,
        ImapReportPoller.Settings imap,
        SecretValue imapPassword,
        Duration imapInterval,
        SecretValue uploadToken,
        long uploadMaxBytes) {
      this(
          storeUrl,
          storePassword,
          imap,
          imapPassword,
          imapInterval,
          uploadToken,
          uploadMaxBytes,
          DEFAULT_RETENTION);
    }

    /** The same settings with another store URL (e.g. from a command-line option). */
    public Config withStoreUrl(String url) {
      return new Config(
          url,
          storePassword,
          imap,
          imapPassword,
          imapInterval,
          uploadToken,
          uploadMaxBytes,
          retention);
    }

    /**
     * {@code SDO_REPORT_STORE_URL} (default {@code h2:/data/reports/reports}), {@code
     * SDO_REPORT_STORE_PASSWORD}, {@code SDO_IMAP_HOST} (absent: no polling), {@code SDO_IMAP_PORT}
     * (993 with TLS, else 143), {@code SDO_IMAP_TLS} (true), {@code SDO_IMAP_USER}, {@code
     * SDO_IMAP_PASSWORD}, {@code SDO_IMAP_FOLDER} (INBOX), {@code SDO_IMAP_PROCESSED_FOLDER}
     * (dmarc-processed), {@code SDO_IMAP_FAILED_FOLDER} (dmarc-failed), {@code SDO_IMAP_INTERVAL}
     * (5m), {@code SDO_REPORT_UPLOAD_TOKEN}, {@code SDO_REPORT_UPLOAD_MAX_BYTES} (16 MiB), {@code
     * SDO_REPORT_RETENTION} (400d: reports ending earlier are deleted once a day). Each secret can
     * also be given as a file: {@code <NAME>_FILE}.
     */
    public static Config fromEnv(Map<String, String> env) {
      ImapReportPoller.Settings imap = null;
      String host = env.getOrDefault("SDO_IMAP_HOST", "").strip();
      if (!host.isEmpty()) {
        boolean tls = !"false".equalsIgnoreCase(env.getOrDefault("SDO_IMAP_TLS", "true").strip());
        int port = integer(env, "SDO_IMAP_PORT", tls ? 993 : 143);
        String user = env.getOrDefault("SDO_IMAP_USER", "").strip();
        if (user.isEmpty()) {
          throw new IllegalArgumentException("SDO_IMAP_USER must be set when SDO_IMAP_HOST is");
        }
        ImapReportPoller.Settings d = ImapReportPoller.Settings.of(host, port, tls, user);
        imap =
            new ImapReportPoller.Settings(
                host,
                port,
                tls,
                user,
                env.getOrDefault("SDO_IMAP_FOLDER", d.folder()),
                env.getOrDefault("SDO_IMAP_PROCESSED_FOLDER", d.processedFolder()),
                env.getOrDefault("SDO_IMAP_FAILED_FOLDER", d.failedFolder()),
                d.maxMessageBytes(),
                d.maxMessagesPerPoll(),
                d.timeout());
      }
      Duration interval =
          Durations.parsePositive("SDO_IMAP_INTERVAL", env.getOrDefault("SDO_IMAP_INTERVAL", "5m"));
      return new Config(
          env.get("SDO_REPORT_STORE_URL"),
          SecretValue.fromEnv(env, "SDO_REPORT_STORE_PASSWORD"),
          imap,
          SecretValue.fromEnv(env, "SDO_IMAP_PASSWORD"),
          interval,
          SecretValue.fromEnv(env, "SDO_REPORT_UPLOAD_TOKEN"),
          integer(env, "SDO_REPORT_UPLOAD_MAX_BYTES", (int) ReportUploadHandler.DEFAULT_MAX_BYTES),
          Durations.parsePositive(
              "SDO_REPORT_RETENTION", env.getOrDefault("SDO_REPORT_RETENTION", "400d")));
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
      String v = env.getOrDefault(name, "").strip();
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, got \"" + v + "\"");
      }
    }
  }

  private ReportPipeline(
      Config config,
      ReportStore store,
      ReportIngestor ingestor,
      DomainDirectory directory,
      Clock clock) {
    this.config = config;
    this.store = store;
    this.ingestor = ingestor;
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
      Config config,
      OperatorMetrics metrics,
      Predicate<String> managedDomain,
      DomainDirectory directory,
      Clock clock) {
    ReportStore store = ReportStores.open(config.storeUrl(), config.storePassword().get(), clock);
    ReportIngestor ingestor =
        new ReportIngestor(store, metrics, ParserLimits.DEFAULTS, managedDomain);
    ReportPipeline pipeline = new ReportPipeline(config, store, ingestor, directory, clock);
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
    server.handle(
        "/dashboard",
        new DashboardHandler(directory, store, ReverseDnsLookup.system(clock), clock));
    return this;
  }

  /** The rollout gate's verdict for the domain now; open when {@code gate} is null. */
  public GateVerdict gate(GateSpecValues gate, String domain, List<String> declaredSenders) {
    Duration window = gate == null ? ReportSummaries.STATUS_WINDOW : gate.window();
    return RolloutGate.evaluate(gate, summary(domain, window, declaredSenders), clock.instant());
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
