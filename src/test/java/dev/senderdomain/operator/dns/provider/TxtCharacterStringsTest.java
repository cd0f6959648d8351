package dev.senderdomain.operator.dns.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TxtCharacterStringsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "v=spf1 -all            | '\"v=spf1 -all\"'",
        "''                     | '\"\"'",
        "back\\slash            | '\"back\\\\slash\"'",
        "tab\there              | '\"tab\\009here\"'",
        "é                      | '\"\\195\\169\"'"
      })
  void valuesAreQuotedAndEscapedAsZoneFilePresentation(String value, String quoted) {
    assertThat(TxtCharacterStrings.quote(value)).isEqualTo(quoted);
    assertThat(TxtCharacterStrings.unquote(quoted)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(ints = {254, 255, 256, 510, 511, 1000})
  void longValuesAreSplitInto255OctetStringsAndJoinBack(int length) {
    String value = "p".repeat(length);
    String quoted = TxtCharacterStrings.quote(value);
    List<String> strings = TxtCharacterStrings.parse(quoted);
    assertThat(strings)
        .hasSize((length + 254) / 255)
        .allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
    assertThat(strings.get(0)).hasSize(Math.min(255, length));
    assertThat(String.join("", strings)).isEqualTo(value);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'\"v=DKIM1; \" \"p=abc\"'   | v=DKIM1; p=abc",
        "'\"a\"\"b\"'                | ab",
        "'unquoted words'            | unquotedwords",
        "'\"say \\\"hi\\\"\"'        | say \"hi\""
      })
  void presentationFormsAreJoinedIntoTheLogicalValue(String rdata, String value) {
    assertThat(TxtCharacterStrings.unquote(rdata)).isEqualTo(value);
  }

  @Test
  void anUnterminatedQuoteIsRefused() {
    assertThatThrownBy(() -> TxtCharacterStrings.parse("\"open"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated");
  }
}
