package dev.senderdomain.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senderdomain.operator.records.RecordSetBuilder;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlanCommandTest {
  static final Path EXAMPLE = Path.of("examples/sender-domain.yaml");

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    PlanCommand plan = cl.getSubcommands().get("plan").getCommand();
    plan.clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void printsTheRecordsAndTimelineOfTheExampleAsJson() throws Exception {
    Run r = run("plan", EXAMPLE.toString(), "--output", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("domain").asText()).isEqualTo("shop.example.com");
    assertThat(doc.get("records"))
        .extracting(n -> n.get("name").asText() + " " + n.get("type").asText())
        .contains(
            "shop.example.com TXT",
            "_dmarc.shop.example.com TXT",
            "bounce.shop.example.com MX",
            "clicks.shop.example.com CNAME");
    JsonNode dkim = null;
    for (JsonNode n : doc.get("records")) {
      if (n.get("name").asText().contains("._domainkey.")) {
        dkim = n;
      }
    }
    assertThat(dkim).isNotNull();
    assertThat(dkim.get("value").asText()).startsWith("v=DKIM1; k=rsa; p=").hasSizeGreaterThan(255);
    assertThat(doc.get("rollout").size()).isGreaterThanOrEqualTo(2);
    assertThat(doc.get("throwawayKeys").asBoolean()).isTrue();
  }

  @Test
  void theRecordAtAnInstantIsTheTimelineEntryInEffectThen() throws Exception {
    Run r = run("plan", EXAMPLE.toString(), "--output", "json", "--at", "2027-06-01T00:00:00Z");
    JsonNode doc = new ObjectMapper().readTree(r.out());
    String published = null;
    for (JsonNode n : doc.get("records")) {
      if (n.get("name").asText().equals("_dmarc.shop.example.com")) {
        published = n.get("value").asText();
      }
    }
    JsonNode rollout = doc.get("rollout");
    String inEffect = null;
    for (JsonNode step : rollout) {
      if (step.get("at").isNull()
          || !Instant.parse(step.get("at").asText())
              .isAfter(Instant.parse("2027-06-01T00:00:00Z"))) {
        inEffect = step.get("record").asText();
      }
    }
    assertThat(published).isEqualTo(inEffect).startsWith("v=DMARC1; p=reject");
  }

  @Test
  void planAtEveryPointOfTheTimelinePublishesWhatTheOperatorWould() throws Exception {
    var spec = Manifests.read(List.of(EXAMPLE)).senderDomains.get(0).getSpec();
    // Throwaway Ed25519 keys: 180 plans without 180 RSA key generations.
    spec.dkim.algorithms = List.of("ed25519");
    SenderDomainConfig config = SenderDomainValidator.validate(ExampleSpecs.resource(spec));
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    JsonNode doc = new ObjectMapper().readTree(run("plan", EXAMPLE.toString(), "-o", "json").out());
    JsonNode rollout = doc.get("rollout");
    assertThat(rollout.size()).as("p=none, then a change a day for 90 days").isEqualTo(91);
    assertThat(rollout.get(0).has("stepIndex")).isFalse();
    // The operator sees the domain when plan runs: nothing published yet.
    RolloutState state =
        DmarcRollout.decide(config.rollout(), RolloutState.nothingPublished(), now).state();
    for (int i = 1; i < rollout.size(); i++) {
      Instant at = Instant.parse(rollout.get(i).get("at").asText());
      // The operator, woken at its own nextStepAt, publishes this entry's record then.
      RolloutDecision d = DmarcRollout.decide(config.rollout(), state, at);
      assertThat(d.since()).isEqualTo(at);
      state = d.state();
      String planned = rollout.get(i).get("record").asText();
      assertThat(RecordSetBuilder.build(config.records(), List.of(), d.step()))
          .filteredOn(r -> r.name().equals("_dmarc.shop.example.com"))
          .singleElement()
          .satisfies(r -> assertThat(r.value()).isEqualTo(planned));
      // plan --at that instant shows the same record.
      assertThat(dmarcAt(PlanCommand.plan(config, now, at))).isEqualTo(planned);
      assertThat(dmarcAt(PlanCommand.plan(config, now, at.minusSeconds(1))))
          .isEqualTo(rollout.get(i - 1).get("record").asText());
    }
  }

  @Test
  void aPastStartPlansPNoneFirstAndTheRampAfterSevenDaysOfMonitoring() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    PlanCommand plan = cl.getSubcommands().get("plan").getCommand();
    plan.clock = Clock.fixed(Instant.parse("2027-02-10T10:00:00Z"), ZoneOffset.UTC);
    assertThat(cl.execute("plan", EXAMPLE.toString(), "-o", "json")).isZero();
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    String dmarc = null;
    for (JsonNode n : doc.get("records")) {
      if (n.get("name").asText().equals("_dmarc.shop.example.com")) {
        dmarc = n.get("value").asText();
      }
    }
    assertThat(dmarc).startsWith("v=DMARC1; p=none;");
    JsonNode rollout = doc.get("rollout");
    assertThat(rollout.get(1).get("at").asText()).isEqualTo("2027-02-18T00:00:00Z");
    assertThat(rollout.get(1).get("record").asText()).contains("p=quarantine; pct=1; t=y");
    assertThat(rollout.get(rollout.size() - 1).get("at").asText())
        .isEqualTo("2027-04-01T00:00:00Z");
  }

  private static String dmarcAt(PlanCommand.DomainPlan p) {
    return p.records().stream()
        .filter(r -> r.name().equals("_dmarc.shop.example.com"))
        .findFirst()
        .orElseThrow()
        .value();
  }

  @Test
  void zoneOutputIsPasteableBindLines() {
    Run r = run("plan", EXAMPLE.toString(), "-o", "zone");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines())
        .allMatch(l -> l.matches("^[a-z0-9_.-]+\\. \\d+ IN (TXT|MX|CNAME) .+$"));
    assertThat(r.out())
        .contains("clicks.shop.example.com. 3600 IN CNAME track.mailer.example.net.");
  }

  @Test
  void aSenderDomainWithoutProviderRefIsPlannedAsZoneLinesToPaste(@TempDir Path dir)
      throws Exception {
    Path byHand = dir.resolve("by-hand.yaml");
    Files.writeString(
        byHand, Files.readString(EXAMPLE).replace("  providerRef:\n    name: bind-primary\n", ""));
    assertThat(Files.readString(byHand)).doesNotContain("providerRef");
    Run r = run("plan", byHand.toString(), "-o", "zone");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("clicks.shop.example.com. 3600 IN CNAME track.mailer.example.net.")
        .contains("_dmarc.shop.example.com. 3600 IN TXT \"v=DMARC1; p=none");
  }

  @Test
  void textOutputSaysTheKeysAreThrowaway() {
    Run r = run("plan", EXAMPLE.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("_dmarc.shop.example.com.").contains("throwaway");
  }

  @Test
  void anInvalidManifestExitsNonZeroWithOneLinePerProblemAndNoStackTrace(@TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata: {name: bad, namespace: mail}
        spec:
          domain: "shop..example.com"
          providerRef: {name: p}
          spf: {include: ["evil.example +all"]}
          dmarc:
            rua: ["mailto:a@b.com; p=none"]
            rollout: {start: "2027-04-01", targetPolicy: reject, targetDate: "2027-01-01"}
        """);
    Run r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    // Every problem, schema (CRD pattern, CEL rule) and operator alike, on its own line with the
    // file, line, document and field; never a stack trace or a library's words.
    assertThat(r.err().lines())
        .containsExactlyInAnyOrder(
            bad + ":5: document 1 (SenderDomain mail/bad): spec.domain: " + "has an empty label",
            bad
                + ":7: document 1 (SenderDomain mail/bad): spec.spf.include[0]: "
                + "must not contain spaces or control characters",
            bad
                + ":9: document 1 (SenderDomain mail/bad): spec.dmarc.rua[0]: Invalid value: "
                + "\"mailto:a@b.com; p=none\": should match '^mailto:[^\\s;,!]+@[^\\s;,!]+$'",
            bad
                + ":10: document 1 (SenderDomain mail/bad): spec.dmarc.rollout: Invalid value: "
                + "\"object\": targetDate must be after start");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anUnknownFieldIsReportedWithItsPath(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("typo.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata: {name: typo}
        spec:
          domain: shop.example.com
          providerRef: {name: p}
          spf: {inclde: [a.example]}
        """);
    Run r = run("plan", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            bad
                + ":7: document 1 (SenderDomain typo): spec.spf.inclde: Unknown field: field not"
                + " declared in schema");
  }
}
