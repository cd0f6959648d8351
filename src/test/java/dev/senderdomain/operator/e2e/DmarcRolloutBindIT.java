package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.awaitValue;
import static dev.senderdomain.operator.testsupport.OperatorBench.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.records.RolloutTimeline;
import dev.senderdomain.operator.records.RolloutTimeline.Entry;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.RolloutDecision;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.testsupport.OperatorBench;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DMARC rollout driven by the operator against the CRUD mock API and a real BIND 9, with the
 * operator's clock moved by the test: after every change point the _dmarc TXT record BIND serves
 * must be the one the timeline (the same pure function {@code plan} prints) gives for that instant,
 * and status.dmarc must say the same.
 */
class DmarcRolloutBindIT {
  static final Duration RESYNC = Duration.ofMillis(400);
  static final Duration STEP_WAIT = Duration.ofSeconds(60);

  OperatorBench bench;

  @BeforeEach
  void start() {
    bench = OperatorBench.start(Instant.parse("2026-12-01T10:00:00Z"));
    bench.startOperator(RESYNC, p -> p);
  }

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void walksEveryChangePointOfTheTimelineAndBindServesEachStepsRecord() throws Exception {
    SenderDomain sd = rollingOut("shop", "2026-12-03", "reject", "2027-01-20");
    List<Entry> timeline = timeline(sd);
    assertThat(timeline).hasSize(15); // p=none, 7 quarantine steps, 7 reject steps
    bench.create(sd);

    // Before start: monitoring, the first change announced.
    assertStep("shop", timeline, 0);
    for (int i = 1; i < timeline.size(); i++) {
      bench.clock.set(Instant.parse(timeline.get(i).at()));
      assertStep("shop", timeline, i);
    }
    // Long after the target date nothing moves any more.
    bench.clock.set(Instant.parse("2027-03-01T00:00:00Z"));
    Thread.sleep(3 * RESYNC.toMillis());
    SenderDomain done = assertStep("shop", timeline, timeline.size() - 1);
    assertThat(done.getStatus().dmarc.stage).isEqualTo("complete");
    assertThat(condition(done, "RolloutProgressing"))
        .map(Condition::getReason)
        .contains("RolloutOnSchedule");
  }

  @Test
  void pauseHoldsTheStepAndResumeReSpreadsTheRemainingStepsInsteadOfABurst() throws Exception {
    SenderDomain sd = rollingOut("news", "2026-12-03", "reject", "2027-01-20");
    List<Entry> timeline = timeline(sd);
    bench.create(sd);
    bench.clock.set(Instant.parse(timeline.get(3).at()));
    assertStep("news", timeline, 3);

    bench.edit("news", s -> s.getSpec().dmarc.rollout.paused = true);
    SenderDomain paused =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get("news");
              return reason(s).equals("Paused") ? s : null;
            });
    assertThat(paused.getStatus().dmarc.nextStepAt).isNull();
    assertThat(paused.getStatus().dmarc.stepIndex).isEqualTo(3);

    // Three change points go by while paused: the step holds, in status and in DNS.
    Instant later = Instant.parse(timeline.get(6).at());
    bench.clock.set(later);
    // A held step changes nothing, so there is nothing to wait for: give the operator several
    // resyncs.
    Thread.sleep(5 * RESYNC.toMillis());
    SenderDomain held = bench.get("news");
    assertThat(reason(held)).isEqualTo("Paused");
    assertThat(held.getStatus().dmarc.stepIndex).isEqualTo(3);
    assertThat(bench.txt("_dmarc.news.example.com")).containsExactly(timeline.get(3).record());

    // Resume: one step now (not three at once), the rest spread again from today.
    bench.edit("news", s -> s.getSpec().dmarc.rollout.paused = false);
    SenderDomain resumed =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get("news");
              return s.getStatus().dmarc.stepIndex != 3 && reason(s).equals("RolloutOnSchedule")
                  ? s
                  : null;
            });
    SenderDomainConfig config = SenderDomainValidator.validate(resumed);
    RolloutDecision expected =
        DmarcRollout.decide(
            config.rollout(), new RolloutState(3, Instant.parse(timeline.get(3).at())), later);
    assertThat(expected.stepIndex()).isEqualTo(4);
    DmarcStatus d = resumed.getStatus().dmarc;
    assertThat(d.stepIndex).isEqualTo(4);
    assertThat(d.nextStepAt).isEqualTo(expected.nextStepAt().toString());
    assertThat(Instant.parse(d.nextStepAt)).isAfter(later);
    assertThat(d.expectedCompletion).isEqualTo(expected.expectedCompletion().toString());
    assertThat(bench.txt("_dmarc.news.example.com")).containsExactly(d.record);
    assertThat(d.record).isEqualTo(timeline.get(4).record());
  }

  @Test
  void loweringTheTargetStepsDownAtOnce() throws Exception {
    SenderDomain sd = rollingOut("promo", "2026-12-03", "reject", "2027-01-20");
    List<Entry> timeline = timeline(sd);
    bench.create(sd);
    bench.clock.set(Instant.parse(timeline.get(10).at()));
    assertStep("promo", timeline, 10);
    assertThat(bench.txt("_dmarc.promo.example.com").get(0)).contains("p=reject");

    bench.edit("promo", s -> s.getSpec().dmarc.rollout.targetPolicy = "quarantine");
    SenderDomain lowered =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get("promo");
              return s.getStatus().dmarc.stepIndex == 7 ? s : null;
            });
    DmarcStatus d = lowered.getStatus().dmarc;
    assertThat(d.policy).isEqualTo("quarantine");
    assertThat(d.pct).isEqualTo(100);
    assertThat(d.testing).isFalse();
    assertThat(d.stage).isEqualTo("complete");
    assertThat(d.nextStepAt).isNull();
    assertThat(bench.txt("_dmarc.promo.example.com")).containsExactly(d.record);
    assertThat(d.record).contains("p=quarantine").doesNotContain("pct=").doesNotContain("t=y");
    // The condition says SteppedDown only until the next reconcile; the Event stays.
    assertThat(bench.client.v1().events().inNamespace(OperatorBench.NS).list().getItems())
        .filteredOn(
            e ->
                e.getInvolvedObject().getName().equals("promo")
                    && "SteppedDown".equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("stepped down from p=reject"));
  }

  @Test
  void aWindowTooShortForTheLadderSaysWindowCompressed() throws Exception {
    SenderDomain sd = rollingOut("flash", "2026-12-02", "reject", "2026-12-07");
    bench.create(sd);
    SenderDomain s =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain x = bench.get("flash");
              return x != null && x.getStatus() != null && x.getStatus().dmarc != null ? x : null;
            });
    Condition rollout = condition(s, "RolloutProgressing").orElseThrow();
    assertThat(rollout.getStatus()).isEqualTo("False");
    assertThat(rollout.getReason()).isEqualTo("WindowCompressed");
    assertThat(rollout.getMessage()).contains("2026-12-07").contains("skipped");
    // The compressed plan is still what gets published: one change a day, every stage end kept.
    List<Entry> timeline = timeline(sd);
    assertThat(timeline).extracting(Entry::stepIndex).contains(7, 14).hasSizeLessThan(15);
    for (int i = 1; i < timeline.size(); i++) {
      bench.clock.set(Instant.parse(timeline.get(i).at()));
      assertStep("flash", timeline, i);
    }
  }

  @Test
  void aTargetDateEvenOneChangeADayCannotMeetSaysTargetDateMissed() throws Exception {
    SenderDomain sd = rollingOut("rush", "2026-12-02", "reject", "2026-12-02T12:00Z");
    bench.create(sd);
    SenderDomain s =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain x = bench.get("rush");
              return x != null && x.getStatus() != null && x.getStatus().dmarc != null ? x : null;
            });
    Condition rollout = condition(s, "RolloutProgressing").orElseThrow();
    assertThat(rollout.getStatus()).isEqualTo("False");
    assertThat(rollout.getReason()).isEqualTo("TargetDateMissed");
    List<Entry> timeline = timeline(sd);
    // Full quarantine on the start day, full reject the day after: later than asked, never both at
    // once.
    assertThat(timeline).extracting(Entry::stepIndex).containsExactly(0, 7, 14);
    assertThat(rollout.getMessage()).contains("expected at " + timeline.get(2).at());
    for (int i = 1; i < timeline.size(); i++) {
      bench.clock.set(Instant.parse(timeline.get(i).at()));
      assertStep("rush", timeline, i);
    }
  }

  /**
   * Waits until status.dmarc is at the timeline's step {@code i}, then checks DNS and the status
   * fields.
   */
  SenderDomain assertStep(String name, List<Entry> timeline, int i) throws Exception {
    Entry e = timeline.get(i);
    String dmarcName = "_dmarc." + name + ".example.com";
    SenderDomain sd =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get(name);
              return s != null
                      && s.getStatus() != null
                      && s.getStatus().dmarc != null
                      && s.getStatus().dmarc.stepIndex == e.stepIndex()
                      && bench.txt(dmarcName).equals(List.of(e.record()))
                  ? s
                  : null;
            });
    DmarcStatus d = sd.getStatus().dmarc;
    assertThat(d.record).as("step %d", i).isEqualTo(e.record());
    assertThat(d.policy).as("step %d", i).isEqualTo(e.policy());
    assertThat(d.pct).as("step %d", i).isEqualTo(e.pct());
    assertThat(d.testing).as("step %d", i).isEqualTo(e.testing());
    assertThat(d.stage).as("step %d", i).isEqualTo(e.stage());
    assertThat(d.nextStepAt)
        .as("step %d", i)
        .isEqualTo(i + 1 < timeline.size() ? timeline.get(i + 1).at() : null);
    assertThat(sd.getStatus().records)
        .filteredOn(r -> r.name.equals(dmarcName))
        .singleElement()
        .satisfies(r -> assertThat(r.value).isEqualTo(e.record()));
    return sd;
  }

  static String reason(SenderDomain sd) {
    return condition(sd, "RolloutProgressing").map(Condition::getReason).orElse("");
  }

  static List<Entry> timeline(SenderDomain sd) throws Exception {
    SenderDomainConfig config = SenderDomainValidator.validate(sd);
    return RolloutTimeline.entries(config.rollout(), config.records().dmarc());
  }

  static SenderDomain rollingOut(String name, String start, String target, String targetDate) {
    SenderDomain sd = OperatorBench.senderDomain(name);
    sd.getSpec().dmarc = new DmarcSpec();
    sd.getSpec().dmarc.rua = List.of("mailto:dmarc@" + name + ".example.com");
    sd.getSpec().dmarc.rollout = new DmarcSpec.Rollout();
    sd.getSpec().dmarc.rollout.start = start;
    sd.getSpec().dmarc.rollout.targetPolicy = target;
    sd.getSpec().dmarc.rollout.targetDate = targetDate;
    return sd;
  }
}
