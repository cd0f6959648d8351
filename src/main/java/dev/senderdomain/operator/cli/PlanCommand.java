package dev.senderdomain.operator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.ZoneFile;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.records.RecordSetBuilder;
import dev.senderdomain.operator.records.ReportAuthorization;
import dev.senderdomain.operator.records.RolloutTimeline;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.DmarcRollout.TimelinePoint;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.validate.InvalidSpecException;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plan FILE}: every record to publish and the DMARC timeline, with no cluster and no
 * network. Exit codes: 0 planned, 2 invalid input (every problem printed with file, line and
 * field).
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Show the records a SenderDomain needs and its DMARC rollout timeline (no cluster, no network).")
public final class PlanCommand implements Callable<Integer> {
  enum Output {
    text,
    json,
    zone
  }

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "SenderDomain manifests (multi-document YAML; directories are read recursively).")
  List<Path> files;

  @Option(
      names = "--at",
      paramLabel = "INSTANT",
      description =
          "Show the records in effect at this instant (UTC, e.g."
              + " 2027-02-15T00:00:00Z) of the timeline of a domain applied now. Default: now.")
  String at;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text, json or zone. Default: ${DEFAULT-VALUE}.")
  Output output;

  @Spec CommandSpec spec;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = clock.instant();
    Instant when;
    try {
      when = at == null ? now : Instant.parse(at);
    } catch (DateTimeParseException e) {
      err.println("--at: '" + at + "' is not an instant like 2027-02-15T00:00:00Z");
      return 2;
    }
    Manifests manifests = Manifests.read(files);
    if (!manifests.valid()) {
      manifests.problems.forEach(err::println);
      return 2;
    }
    if (manifests.senderDomains.isEmpty()) {
      err.println(files + ": no SenderDomain");
      return 2;
    }
    List<DomainPlan> plans = new ArrayList<>();
    for (SenderDomain sd : manifests.senderDomains) {
      try {
        plans.add(plan(SenderDomainValidator.validate(sd), now, when));
      } catch (InvalidSpecException e) {
        // Manifests.read ran the same checks; kept so a spec is never planned unchecked.
        InvalidSpecLines.of(sd, e).forEach(err::println);
        return 2;
      }
    }
    for (DomainPlan p : plans) {
      switch (output) {
        case json -> out.println(json(p));
        case zone -> {
          p.records.forEach(r -> out.println(ZoneFile.line(r)));
          if (!p.externalRecords.isEmpty()) {
            out.println("; in the report domains' zones (RFC 7489 7.1 authorization):");
            p.externalRecords.forEach(r -> out.println(ZoneFile.line(r)));
          }
        }
        case text -> PlanText.print(p, out);
      }
    }
    out.flush();
    return 0;
  }

  /**
   * The plan of a domain with nothing published yet, applied at {@code now}, as the operator would
   * walk it: {@code p=none} first (held for monitorFor), then the timeline; the records are the
   * step of that timeline in effect at {@code at}.
   */
  static DomainPlan plan(SenderDomainConfig config, Instant now, Instant at) {
    List<DkimPublicRecord> keys = PlanKeys.throwaway(config.keys().algorithms(), at);
    // The records at --at and the timeline come from the same points, so they always agree.
    List<TimelinePoint> points =
        DmarcRollout.timeline(config.rollout(), RolloutState.nothingPublished(), now);
    DmarcStep step = DmarcRollout.stepAt(points, at).step();
    List<DnsRecord> records = RecordSetBuilder.build(config.records(), keys, step);
    DmarcOptions options = config.records().dmarc();
    List<RolloutTimeline.Entry> timeline =
        RolloutTimeline.entries(points, config.rollout(), options);
    RolloutTimeline.Entry inEffect = RolloutTimeline.entryAt(points, config.rollout(), options, at);
    RolloutTimeline.Entry next =
        timeline.stream()
            .filter(e -> e.at() != null && Instant.parse(e.at()).isAfter(at))
            .findFirst()
            .orElse(null);
    List<DnsRecord> external =
        ReportAuthorization.records(config.domain(), config.reportUris(), config.ttl());
    return new DomainPlan(config, at, records, external, inEffect, next, timeline);
  }

  private static String json(DomainPlan p) throws Exception {
    ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("domain", p.config.domain());
    doc.put("at", p.at.toString());
    doc.put("records", p.records.stream().map(PlanCommand::recordJson).toList());
    doc.put("externalRecords", p.externalRecords.stream().map(PlanCommand::recordJson).toList());
    doc.put("rollout", p.timeline);
    doc.put("throwawayKeys", true);
    return mapper.writeValueAsString(doc);
  }

  private static Map<String, Object> recordJson(DnsRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("type", r.type().name());
    m.put("ttl", r.ttl());
    m.put("value", r.value());
    return m;
  }

  record DomainPlan(
      SenderDomainConfig config,
      Instant at,
      List<DnsRecord> records,
      List<DnsRecord> externalRecords,
      RolloutTimeline.Entry inEffect,
      RolloutTimeline.Entry next,
      List<RolloutTimeline.Entry> timeline) {}
}
