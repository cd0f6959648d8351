package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.dkim.RotationRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which updates of a SenderDomain trigger a reconcile (JOSDK's generation-aware filter alone drops
 * annotations).
 */
class RelevantUpdateTest {
  static Stream<Arguments> updates() {
    return Stream.<Arguments>of(
        Arguments.of(
            "a spec edit (generation bumped)",
            (Consumer<SenderDomain>) sd -> sd.getMetadata().setGeneration(2L),
            true),
        Arguments.of(
            "a rotation request",
            (Consumer<SenderDomain>)
                sd ->
                    sd.getMetadata().setAnnotations(Map.of(RotationRequest.ANNOTATION, "2027-01")),
            true),
        Arguments.of(
            "an emergency rotation request",
            (Consumer<SenderDomain>)
                sd ->
                    sd.getMetadata()
                        .setAnnotations(Map.of(RotationRequest.ANNOTATION, "emergency:leak")),
            true),
        Arguments.of(
            "the finalizer added",
            (Consumer<SenderDomain>)
                sd ->
                    sd.getMetadata()
                        .setFinalizers(List.of("senderdomains.senderdomain.dev/finalizer")),
            true),
        Arguments.of(
            "deletion requested",
            (Consumer<SenderDomain>)
                sd -> sd.getMetadata().setDeletionTimestamp("2026-12-01T10:00:00Z"),
            true),
        Arguments.of(
            "our own status write",
            (Consumer<SenderDomain>) sd -> sd.setStatus(new SenderDomainStatus()),
            false),
        Arguments.of(
            "another annotation",
            (Consumer<SenderDomain>)
                sd -> sd.getMetadata().setAnnotations(Map.of("argocd.argoproj.io/sync-wave", "1")),
            false),
        Arguments.of(
            "a label",
            (Consumer<SenderDomain>) sd -> sd.getMetadata().setLabels(Map.of("team", "mail")),
            false));
  }

  @ParameterizedTest(name = "{0} -> reconcile: {2}")
  @MethodSource("updates")
  void decidesWhetherAnUpdateNeedsAReconcile(
      String what, Consumer<SenderDomain> change, boolean reconcile) {
    SenderDomain older = resource();
    SenderDomain newer = resource();
    change.accept(newer);
    assertThat(ReconcileTriggers.relevantUpdate(newer, older)).isEqualTo(reconcile);
  }

  static SenderDomain resource() {
    SenderDomain sd = new SenderDomain();
    sd.getMetadata().setName("shop");
    sd.getMetadata().setNamespace("mail");
    sd.getMetadata().setGeneration(1L);
    sd.getMetadata().setResourceVersion("7");
    return sd;
  }
}
