package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.awaitValue;
import static dev.senderdomain.operator.testsupport.OperatorBench.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DmarcStatus;
import dev.senderdomain.operator.records.RolloutTimeline;
import dev.senderdomain.operator.records.RolloutTimeline.Entry;
import dev.senderdomain.operator.rollout.DmarcPolicy;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.DmarcStep;
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
 * must be the one the timeline (the same pure function {@code plan} prints, computed when the
 * domain was applied) gives for that instant, and status.dmarc must say the same.
 */
class DmarcRolloutBindIT {
  static final Duration RESYNC = Duration.ofMillis(400);
  static final Duration STEP_WAIT = Duration.ofSeconds(60);
  static final Instant APPLIED = Instant.parse("2026-12-01T10:00:00Z");

  OperatorBench bench;

  @BeforeEach
  void start() {
    bench = OperatorBench.start(APPLIED);
    bench.startOperator(RESYNC, p -> p);
  }

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void walksEveryDayOfTheDefaultTimelineAndBindServesEachDaysRecord() throws Exception {
    SenderDomain sd = rollingOut("shop", "2026-12-10", "reject", "2026-12-31");
    List<Entry> timeline = timeline(sd);
    // 21 days, 22 daily instants: a change on each, from p=none through q1 .. q100, r1 .. r100.
    assertThat(timeline).hasSize(23);
    assertThat(timeline.get(1).record()).contains("p=quarantine; pct=1; t=y");
    bench.create(sd);

    // Before start: monitoring, the first change announced.
    assertStep("shop", timeline, 0);
    for (int i = 1; i < timeline.size(); i++) {
      bench.clock.set(Instant.parse(timeline.get(i).at()));
      assertStep("shop", timeline, i);
      if (i > 1) {
        assertThat(
                Duration.between(
                    Instant.parse(timeline.get(i - 1).at()), Instant.parse(timeline.get(i).at())))
            .isEqualTo(Duration.ofDays(1));
      }
    }
    // Long after the target date nothing moves any more.
    bench.clock.set(Instant.parse("2027-03-01T00:00:00Z"));
    Thread.sleep(3 * RESYNC.toMillis());
    SenderDomain done = assertStep("shop", timeline, timeline.size() - 1);
    assertThat(done.getStatus().dmarc.stage).isEqualTo("complete");
    assertThat(done.getStatus().dmarc.stepIndex).as("no longer written").isNull();
    assertThat(condition(done, "RolloutProgressing"))
        .map(Condition::getReason)
        .contains("RolloutOnSchedule");
  }

  @Test
  void aNewDomainWhoseStartLiesInThePastPublishesPNoneFirstAndMonitorsBeforeTheRamp()
      throws Exception {
    // start 40 days back: the schedule alone would say p=quarantine; pct=45; t=y today.
    SenderDomain sd = rollingOut("late", "2026-10-22", "reject", "2027-01-20");
    List<Entry> timeline = timeline(sd);
    assertThat(timeline.get(0).record()).startsWith("v=DMARC1; p=none");
    assertThat(timeline.get(1).at()).isEqualTo("2026-12-09T00:00:00Z");
    assertThat(timeline.get(timeline.size() - 1).at()).isEqualTo("2027-01-20T00:00:00Z");
    bench.create(sd);

    SenderDomain first = assertStep("late", timeline, 0);
    assertThat(first.getStatus().dmarc.since).isEqualTo(APPLIED.toString());
    assertThat(bench.txt("_dmarc.late.example.com").get(0)).startsWith("v=DMARC1; p=none;");
    // A week of monitoring goes by: nothing changes before the ramp's first day.
    bench.clock.set(Instant.parse("2026-12-08T23:00:00Z"));
    Thread.sleep(3 * RESYNC.toMillis());
    assertStep("late", timeline, 0);
    for (int i = 1; i <= 3; i++) {
      bench.clock.set(Instant.parse(timeline.get(i).at()));
      assertStep("late", timeline, i);
    }
    assertThat(bench.txt("_dmarc.late.example.com").get(0)).contains("p=quarantine; pct=3; t=y");
  }

  @Test
  void aLostStatusResumesFromTheRecordBindServesNotFromTheSchedule() throws Exception {
    SenderDomain sd = rollingOut("lost", "2026-12-10", "reject", "2026-12-31");
    List<Entry> timeline = timeline(sd);
    bench.create(sd);
    walkTo("lost", timeline, 5);

    // Days later (the schedule would be at step 9) status.dmarc is gone: a restore, a hand edit.
    Instant later = Instant.parse(timeline.get(9).at()).plusSeconds(3 * 3600);
    bench.clock.set(later);
    bench
        .client
        .resources(SenderDomain.class)
        .inNamespace(OperatorBench.NS)
        .withName("lost")
        .editStatus(
            s -> {
              s.setStatus(new SenderDomainStatus());
              return s;
            });
    SenderDomain resumed =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get("lost");
              return s.getStatus() != null && s.getStatus().dmarc != null ? s : null;
            });
    DmarcStatus d = resumed.getStatus().dmarc;
    assertThat(d.record).as("the served step, held").isEqualTo(timeline.get(5).record());
    assertThat(d.since).isEqualTo(later.toString());
    assertThat(bench.txt("_dmarc.lost.example.com")).containsExactly(timeline.get(5).record());
    assertThat(Instant.parse(d.nextStepAt)).isAfter(later.plus(Duration.ofDays(1)));
    assertThat(bench.client.v1().events().inNamespace(OperatorBench.NS).list().getItems())
        .filteredOn(
            e ->
                e.getInvolvedObject().getName().equals("lost")
                    && "StateRecovered".equals(e.getReason()))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getMessage()).contains("resuming from the published _dmarc record"));
    // And it walks on from there, one step on its next day.
    bench.clock.set(Instant.parse(d.nextStepAt));
    SenderDomain next =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get("lost");
              return s.getStatus().dmarc.pct > timeline.get(5).pct() ? s : null;
            });
    assertThat(next.getStatus().dmarc.policy).isEqualTo("quarantine");
    assertThat(bench.txt("_dmarc.lost.example.com")).containsExactly(next.getStatus().dmarc.record);
  }

  @Test
  void pauseHoldsTheStepAndResumeReSpreadsTheRemainingStepsInsteadOfABurst() throws Exception {
    SenderDomain sd = rollingOut("news", "2026-12-10", "reject", "2026-12-31");
    List<Entry> timeline = timeline(sd);
    bench.create(sd);
    walkTo("news", timeline, 3);

    bench.edit("news", s -> s.getSpec().dmarc.rollout.paused = true);
    SenderDomain paused =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get("news");
              return reason(s).equals("Paused") ? s : null;
            });
    assertThat(paused.getStatus().dmarc.nextStepAt).isNull();
    assertThat(paused.getStatus().dmarc.record).isEqualTo(timeline.get(3).record());

    // Three change points go by while paused: the step holds, in status and in DNS.
    Instant later = Instant.parse(timeline.get(6).at());
    bench.clock.set(later);
    // A held step changes nothing, so there is nothing to wait for: give the operator several
    // resyncs.
    Thread.sleep(5 * RESYNC.toMillis());
    SenderDomain held = bench.get("news");
    assertThat(reason(held)).isEqualTo("Paused");
    assertThat(held.getStatus().dmarc.record).isEqualTo(timeline.get(3).record());
    assertThat(bench.txt("_dmarc.news.example.com")).containsExactly(timeline.get(3).record());

    // Resume at a daily instant: one step now (not three at once), the rest spread again to the
    // target date.
    bench.edit("news", s -> s.getSpec().dmarc.rollout.paused = false);
    SenderDomainConfig config = SenderDomainValidator.validate(bench.get("news"));
    DmarcStep atPause = DmarcStep.of(DmarcPolicy.QUARANTINE, timeline.get(3).pct(), true);
    RolloutDecision expected =
        DmarcRollout.decide(
            config.rollout(),
            new RolloutState(atPause, Instant.parse(timeline.get(3).at())),
            later);
    assertThat(expected.since()).isEqualTo(later);
    assertThat(expected.step().pct()).isBetween(atPause.pct() + 1, 2 * atPause.pct());
    SenderDomain resumed =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get("news");
              return reason(s).equals("RolloutOnSchedule")
                      && s.getStatus().dmarc.pct == expected.step().pct()
                  ? s
                  : null;
            });
    DmarcStatus d = resumed.getStatus().dmarc;
    assertThat(d.policy).isEqualTo("quarantine");
    assertThat(d.testing).isTrue();
    assertThat(d.since).isEqualTo(later.toString());
    assertThat(d.nextStepAt).isEqualTo(expected.nextStepAt().toString());
    assertThat(Instant.parse(d.nextStepAt)).isAfter(later);
    assertThat(d.expectedCompletion).isEqualTo("2026-12-31T00:00:00Z");
    assertThat(bench.txt("_dmarc.news.example.com")).containsExactly(d.record);
  }

  @Test
  void loweringTheTargetStepsDownAtOnce() throws Exception {
    SenderDomain sd = rollingOut("promo", "2026-12-10", "reject", "2026-12-31");
    List<Entry> timeline = timeline(sd);
    int firstReject = 0;
    while (!timeline.get(firstReject).policy().equals("reject")) {
      firstReject++;
    }
    bench.create(sd);
    walkTo("promo", timeline, firstReject + 2);
    assertThat(bench.txt("_dmarc.promo.example.com").get(0)).contains("p=reject");

    bench.edit("promo", s -> s.getSpec().dmarc.rollout.targetPolicy = "quarantine");
    SenderDomain lowered =
        awaitValue(
            STEP_WAIT,
            () -> {
              SenderDomain s = bench.get("promo");
              return s.getStatus().dmarc.policy.equals("quarantine") ? s : null;
            });
    DmarcStatus d = lowered.getStatus().dmarc;
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
  void aWindowTooShortForTheCurveSaysWindowCompressed() throws Exception {
    SenderDomain sd = rollingOut("flash", "2026-12-09", "reject", "2026-12-14");
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
    assertThat(rollout.getMessage()).contains("2026-12-14").contains("skipped");
    // The compressed plan is still what gets published: one change a day, every stage end kept.
    List<Entry> timeline = timeline(sd);
    assertThat(timeline.stream().map(e -> e.policy() + " " + e.pct()).toList())
        .containsExactly(
            "none 100",
            "quarantine 1",
            "quarantine 8",
            "quarantine 100",
            "reject 1",
            "reject 8",
            "reject 100");
    for (int i = 1; i < timeline.size(); i++) {
      bench.clock.set(Instant.parse(timeline.get(i).at()));
      assertStep("flash", timeline, i);
    }
  }

  @Test
  void aTargetDateEvenOneChangeADayCannotMeetSaysTargetDateMissed() throws Exception {
    SenderDomain sd = rollingOut("rush", "2026-12-09", "reject", "2026-12-09T12:00Z");
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
    assertThat(timeline.stream().map(e -> e.policy() + " " + e.pct()).toList())
        .containsExactly("none 100", "quarantine 100", "reject 100");
    assertThat(rollout.getMessage()).contains("expected at " + timeline.get(2).at());
    for (int i = 1; i < timeline.size(); i++) {
      bench.clock.set(Instant.parse(timeline.get(i).at()));
      assertStep("rush", timeline, i);
    }
  }

  /** Moves the clock to each change point up to {@code n}, checking every step on the way. */
  void walkTo(String name, List<Entry> timeline, int n) throws Exception {
    assertStep(name, timeline, 0);
    for (int i = 1; i <= n; i++) {
      bench.clock.set(Instant.parse(timeline.get(i).at()));
      assertStep(name, timeline, i);
    }
  }

  /**
   * Waits until status.dmarc and BIND are at the timeline's step {@code i}, then checks the status
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
                      && e.record().equals(s.getStatus().dmarc.record)
                      && bench.txt(dmarcName).equals(List.of(e.record()))
                  ? s
                  : null;
            });
    DmarcStatus d = sd.getStatus().dmarc;
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

  /** The timeline {@code plan} prints for the domain applied at {@link #APPLIED}. */
  static List<Entry> timeline(SenderDomain sd) throws Exception {
    SenderDomainConfig config = SenderDomainValidator.validate(sd);
    return RolloutTimeline.entries(
        DmarcRollout.timeline(config.rollout(), RolloutState.nothingPublished(), APPLIED),
        config.rollout(),
        config.records().dmarc());
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
