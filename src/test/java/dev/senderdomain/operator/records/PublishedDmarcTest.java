package dev.senderdomain.operator.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The step receivers apply for what _dmarc serves: where a resumed rollout starts from. */
class PublishedDmarcTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "                                                        | (none)",
        "v=spf1 -all                                             | (none)",
        "v=DMARC1; p=quarantine; pct=5; t=y; rua=mailto:d@e.com  | p=quarantine pct=5 t=y",
        "v=DMARC1; p=reject; pct=25                              | p=reject pct=25",
        "v=DMARC1; p=reject                                      | p=reject",
        "V=DMARC1; P=Quarantine; T=y                             | p=quarantine t=y",
        "v=DMARC1; p=none; pct=10; t=y                           | p=none",
        "v=DMARC1; rua=mailto:d@e.com                            | p=none",
        "v=DMARC1; p=quarantine; pct=0                           | p=quarantine pct=0",
        // Refused by the strict parser; read on the protective side, as some receivers apply it.
        "v=DMARC1; p=reject; pct=fifty                           | p=reject",
        "v=DMARC1; p=quarantine; pct=20; fo=x                    | p=quarantine pct=20",
        "v=DMARC1; p=block                                       | p=none",
        // Two DMARC records: receivers apply none (RFC 7489 6.6.3).
        "v=DMARC1; p=reject,v=DMARC1; p=none                     | (none)",
        "site-verification=abc,v=DMARC1; p=reject; pct=50        | p=reject pct=50"
      })
  void theStepReceiversApplyForTheServedValues(String values, String step) {
    List<String> txt = values == null ? List.of() : List.of(values.split(","));
    Optional<String> got =
        PublishedDmarc.step(txt).map(dev.senderdomain.operator.rollout.DmarcStep::describe);
    assertThat(got.orElse("(none)")).isEqualTo(step);
  }
}
