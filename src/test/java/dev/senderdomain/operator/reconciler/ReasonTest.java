package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.Conflict;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.rollout.RolloutWarning;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every value that can reach a condition has a reason of its own. */
class ReasonTest {
  @ParameterizedTest(name = "provider failure {0}")
  @EnumSource(ProviderFailure.class)
  void everyProviderFailureShowsAsItsOwnReason(ProviderFailure failure) {
    assertThat(Reason.of(failure).name()).isEqualTo(failure.name());
  }

  @ParameterizedTest(name = "conflict {0}")
  @EnumSource(Conflict.Kind.class)
  void everyConflictShowsAsItsOwnReason(Conflict.Kind kind) {
    assertThat(Reason.of(kind).name()).isEqualTo(kind.name());
  }

  @Test
  void everyRolloutWarningShowsAsItsOwnReason() {
    Map<RolloutWarning.Reason, Reason> expected =
        Map.of(
            RolloutWarning.Reason.WINDOW_COMPRESSED, Reason.WindowCompressed,
            RolloutWarning.Reason.TARGET_DATE_MISSED, Reason.TargetDateMissed,
            RolloutWarning.Reason.PAUSED, Reason.Paused,
            RolloutWarning.Reason.GATE_HELD, Reason.RolloutGated,
            RolloutWarning.Reason.STATE_RECOVERED, Reason.StateRecovered,
            RolloutWarning.Reason.STEPPED_DOWN, Reason.SteppedDown,
            RolloutWarning.Reason.ORG_DOMAIN_STRICTER, Reason.OrgDomainPolicyStricter,
            RolloutWarning.Reason.SUBDOMAIN_POLICY_IGNORED, Reason.SubdomainPolicyIgnored,
            RolloutWarning.Reason.ORG_DOMAIN_DIFFERS, Reason.OrgDomainDiffers);
    assertThat(expected.keySet()).containsExactlyInAnyOrder(RolloutWarning.Reason.values());
    expected.forEach((warning, reason) -> assertThat(Reason.of(warning)).isEqualTo(reason));
  }

  @Test
  void noTwoValuesShareAReasonAndNoneFallsBackToPublishFailed() {
    Set<Reason> mapped = EnumSet.noneOf(Reason.class);
    Stream.of(ProviderFailure.values())
        .map(Reason::of)
        .forEach(r -> assertThat(mapped.add(r)).isTrue());
    // DomainClaimed is both the reconciler's own claim check and the marker the planner finds.
    Stream.of(Conflict.Kind.values())
        .filter(k -> k != Conflict.Kind.DomainClaimed)
        .map(Reason::of)
        .forEach(r -> assertThat(mapped.add(r)).as(r.name()).isTrue());
    Stream.of(RolloutWarning.Reason.values())
        .map(Reason::of)
        .forEach(r -> assertThat(mapped.add(r)).as(r.name()).isTrue());
    assertThat(mapped).doesNotContain(Reason.PublishFailed);
  }

  @Test
  void everyReasonIsOneSomethingCanReach() {
    Set<Reason> reachable =
        EnumSet.of(
            // the reconciler's own decisions (SenderDomainReconciler, StatusDraft)
            Reason.Reconciled,
            Reason.InvalidSpec,
            Reason.DomainClaimed,
            Reason.ProviderNotFound,
            Reason.PublishFailed,
            Reason.KeysReady,
            Reason.KeyError,
            Reason.Waiting,
            Reason.Published,
            Reason.Verified,
            Reason.NotYetServed,
            Reason.ManualProvider,
            // the providers' own check (ProviderStatus)
            Reason.Checked,
            Reason.RolloutOnSchedule,
            Reason.SpfLookupLimit,
            Reason.SpfWithinLimits);
    Stream.of(ProviderFailure.values()).map(Reason::of).forEach(reachable::add);
    Stream.of(Conflict.Kind.values()).map(Reason::of).forEach(reachable::add);
    Stream.of(RolloutWarning.Reason.values()).map(Reason::of).forEach(reachable::add);
    assertThat(reachable).containsExactlyInAnyOrder(Reason.values());
  }
}
