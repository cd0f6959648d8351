package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DkimStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTextTest {
  @Test
  void fiveChangesAreListedInFull() {
    assertThat(EventText.changes(List.of("a", "b", "c", "d", "e")))
        .isEqualTo("5 change(s): a; b; c; d; e");
  }

  @Test
  void moreThanFiveChangesSayHowManyAreLeftOut() {
    assertThat(EventText.changes(List.of("a", "b", "c", "d", "e", "f", "g")))
        .isEqualTo("7 change(s): a; b; c; d; e; and 2 more");
  }

  @Test
  void aRotationsKeyGeneratedEventNamesTheNewSelectorAndTheOneStillSigning() {
    assertThat(EventText.keyGenerated(keys(List.of("s2026a"), List.of("s2026b"))))
        .isEqualTo("DKIM key generated: selector s2026b; signing continues with s2026a");
  }

  @Test
  void aNewDomainsKeyGeneratedEventNamesItsSelectorThoughNoKeySignsYet() {
    assertThat(EventText.keyGenerated(keys(List.of(), List.of("s2026a"))))
        .isEqualTo("DKIM key generated: selector s2026a");
  }

  private static KeyManager.KeyOutcome keys(List<String> active, List<String> generated) {
    return new KeyManager.KeyOutcome(
        List.of(), active, new DkimStatus(), null, List.of(), generated);
  }
}
