package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of {@link DmarcRecordParser}: any string either parses or is rejected with
 * {@link InvalidDmarcRecordException}; whatever parses survives a round trip through {@link
 * DmarcTxtRecord#toTxt()} and its typed accessors never throw.
 */
public class DmarcRecordParserFuzzTest {
  /** Entry point for a long standalone session with the Jazzer driver (docs/reports.md). */
  public static void fuzzerTestOneInput(FuzzedDataProvider data) {
    new DmarcRecordParserFuzzTest().parsesOrRejectsCleanly(data);
  }

  @FuzzTest(maxDuration = "30s")
  void parsesOrRejectsCleanly(FuzzedDataProvider data) {
    String txt = data.consumeRemainingAsString();
    DmarcTxtRecord record;
    try {
      record = DmarcRecordParser.parse(txt);
    } catch (InvalidDmarcRecordException e) {
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(400);
      return;
    }
    assertThat(record.tags()).containsEntry("v", "DMARC1");
    record.effectiveNonExistentPolicy();
    record.effectivePct();
    record.adkim();
    record.aspf();
    record.testing();
    try {
      assertThat(DmarcRecordParser.parse(record.toTxt())).isEqualTo(record);
    } catch (InvalidDmarcRecordException e) {
      throw new AssertionError(
          "canonical form " + record.toTxt() + " does not parse: " + e.getMessage(), e);
    }
  }
}
