package dev.senderdomain.operator.report.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReporterLabelsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "google.com                          | google.com",
        "Yahoo                               | yahoo",
        "  Mail.Ru  Group                    | mail.ru_group",
        "<script>alert(1)</script>           | _script_alert_1_script_",
        "''                                  | unknown",
        "'!!!'                               | unknown",
      })
  void reducesOrgNamesToASafeLabel(String org, String label) {
    assertThat(new ReporterLabels().label(org)).isEqualTo(label);
  }

  @Test
  void capsTheNumberOfDistinctReportersSoStrangersCannotExplodeTheSeriesCount() {
    ReporterLabels labels = new ReporterLabels();
    for (int i = 0; i < ReporterLabels.MAX; i++) {
      assertThat(labels.label("reporter-" + i)).isEqualTo("reporter-" + i);
    }
    assertThat(labels.label("one-too-many")).isEqualTo("other");
    assertThat(labels.label("reporter-7")).isEqualTo("reporter-7");
    assertThat(labels.label("x".repeat(500))).isEqualTo("other");
  }
}
