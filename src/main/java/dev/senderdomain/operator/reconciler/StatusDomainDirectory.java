package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.records.RolloutTimeline;
import dev.senderdomain.operator.report.dashboard.DomainDirectory;
import dev.senderdomain.operator.validate.InvalidSpecException;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The SenderDomains as the dashboard and report ingestion see them: read from the API (watched
 * namespaces only), validated, and kept for a short while, so a burst of uploads or page views
 * costs one list call.
 */
public final class StatusDomainDirectory implements DomainDirectory {
  private static final Duration KEEP = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final Clock clock;
  private volatile List<DomainView> cached = List.of();
  private volatile Instant cachedAt = Instant.EPOCH;

  /**
   * @param namespaces watched namespaces; empty = all
   */
  public StatusDomainDirectory(KubernetesClient client, Set<String> namespaces, Clock clock) {
    this.client = client;
    this.namespaces = namespaces;
    this.clock = clock;
  }

  /**
   * Whether reports for {@code domain} belong to a SenderDomain here (other reports are refused).
   * Both sides are compared in one spelling ({@link DomainNames#normalize}): the validated config's
   * domain and the report's domain, so {@code bücher.example}, {@code xn--bcher-kva.example} and
   * {@code Example.COM.} find their SenderDomain. A SenderDomain that does not validate has no
   * status to summarise reports into; its reports are refused (IMAP: the failed folder) until it
   * does.
   */
  public Predicate<String> managedDomain() {
    return domain -> {
      String reported = DomainNames.normalize(domain);
      return domains().stream().anyMatch(v -> v.domain().equals(reported));
    };
  }

  @Override
  public List<DomainView> domains() {
    Instant now = clock.instant();
    if (cachedAt.plus(KEEP).isBefore(now)) {
      cached = views(senderDomains(), now);
      cachedAt = now;
    }
    return cached;
  }

  private static List<DomainView> views(List<SenderDomain> senderDomains, Instant now) {
    List<DomainView> views = new ArrayList<>();
    for (SenderDomain sd : senderDomains) {
      try {
        var config = SenderDomainValidator.validate(sd);
        SenderDomainStatus.DmarcStatus d = sd.getStatus() == null ? null : sd.getStatus().dmarc;
        List<TimelineRow> timeline = new ArrayList<>(published(d));
        // The future as planned; the past only as published (a step the schedule reached but that
        // was never published, held by the gate or waiting to be pasted, is not shown as done).
        Instant after =
            timeline.isEmpty() ? now : later(now, timeline.get(timeline.size() - 1).at());
        RolloutTimeline.entries(config.rollout(), config.records().dmarc()).stream()
            .filter(e -> e.at() != null && Instant.parse(e.at()).isAfter(after))
            .map(
                e ->
                    new TimelineRow(
                        Instant.parse(e.at()), e.policy(), e.pct(), e.testing(), e.record()))
            .forEach(timeline::add);
        List<String> senders = config.declaredSenders();
        views.add(
            new DomainView(
                sd.getMetadata().getNamespace(),
                sd.getMetadata().getName(),
                config.domain(),
                d == null ? null : d.policy,
                d == null ? null : d.pct,
                d == null ? null : d.record,
                d == null || d.nextStepAt == null ? null : Instant.parse(d.nextStepAt),
                timeline,
                senders,
                config.gate().orElse(null)));
      } catch (InvalidSpecException | RuntimeException e) {
        // an invalid SenderDomain has nothing to show; its status says why
      }
    }
    views.sort(Comparator.comparing(DomainView::domain));
    return views;
  }

  /**
   * The steps that were in effect, from {@code status.dmarc.history} (a status written before the
   * history was kept: the step in effect alone).
   */
  private static List<TimelineRow> published(SenderDomainStatus.DmarcStatus d) {
    if (d == null) {
      return List.of();
    }
    List<SenderDomainStatus.PublishedStep> steps =
        d.history != null && !d.history.isEmpty()
            ? d.history
            : d.pending == null && d.since != null && d.record != null
                ? List.of(
                    new SenderDomainStatus.PublishedStep(
                        d.since, d.policy, d.pct, d.testing, d.record))
                : List.of();
    List<TimelineRow> rows = new ArrayList<>();
    for (SenderDomainStatus.PublishedStep s : steps) {
      try {
        rows.add(
            new TimelineRow(
                Instant.parse(s.since),
                s.policy,
                s.pct == null ? 100 : s.pct,
                Boolean.TRUE.equals(s.testing),
                s.record));
      } catch (RuntimeException unreadable) {
        // a hand-edited entry: left out
      }
    }
    return rows;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private List<SenderDomain> senderDomains() {
    var resources = client.resources(SenderDomain.class);
    return namespaces.isEmpty()
        ? resources.inAnyNamespace().list().getItems()
        : namespaces.stream()
            .flatMap(
                ns ->
                    Stream.ofNullable(resources.inNamespace(ns).list().getItems())
                        .flatMap(List::stream))
            .toList();
  }
}
