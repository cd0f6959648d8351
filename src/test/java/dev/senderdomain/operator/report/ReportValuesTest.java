package dev.senderdomain.operator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportValuesTest {
  private static final ReportValues.Field FIELD = new ReportValues.Field("record/row/count", 7);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      textBlock =
          """
      0,                   0
      1,                   1
      007,                 7
      9223372036854775807, 9223372036854775807
      """)
  void readsCountsExactly(String raw, long expected) throws Exception {
    assertThat(ReportValues.count(raw, FIELD)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      ''                  | record/row/count (record 7) is empty
      -1                  | record/row/count (record 7) is negative: "-1"
      +1                  | record/row/count (record 7) is not a whole number: "+1"
      1e3                 | record/row/count (record 7) is not a whole number: "1e3"
      1.0                 | record/row/count (record 7) is not a whole number: "1.0"
      ' 1'                | record/row/count (record 7) is not a whole number: " 1"
      9223372036854775808 | record/row/count (record 7) is larger than 2^63-1: "9223372036854775808"
      """)
  void rejectsCountsThatAreNotExactNonNegativeIntegers(String raw, String error) {
    assertThatThrownBy(() -> ReportValues.count(raw, FIELD)).hasMessage(error);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      textBlock =
          """
      1337270400,    1337270400
      1337270400.0,  1337270400
      1337270400.99, 1337270400
      0,             0
      253402300799,  253402300799
      """)
  void readsEpochSecondsIncludingNeteaseFloats(String raw, long expected) throws Exception {
    assertThat(ReportValues.epochSeconds(raw, FIELD)).isEqualTo(Instant.ofEpochSecond(expected));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      -5            | is negative
      -5.0          | is negative
      1.            | is not a number of seconds since 1970
      .5            | is not a number of seconds since 1970
      1,5           | is not a number of seconds since 1970
      2024-01-01    | is not a number of seconds since 1970
      253402300800  | is after the year 9999
      99999999999999999999999 | is after the year 9999
      """)
  void rejectsDatesThatAreNotEpochSeconds(String raw, String error) {
    assertThatThrownBy(() -> ReportValues.epochSeconds(raw, FIELD)).hasMessageContaining(error);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      textBlock =
          """
      192.0.2.1,          192.0.2.1
      2001:DB8::1,        2001:db8::1
      ::ffff:192.0.2.1,   ::ffff:192.0.2.1
      ::1,                ::1
      """)
  void acceptsIpLiteralsWithoutNameLookups(String raw, String expected) throws Exception {
    assertThat(ReportValues.ip(raw, FIELD)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      textBlock =
          """
      localhost
      mail.example.com
      192.0.2.256
      192.0.2
      2001:db8::1::2
      2001:db8::10003
      """)
  void rejectsAnythingButIpLiterals(String raw) {
    assertThatThrownBy(() -> ReportValues.ip(raw, FIELD))
        .hasMessageStartingWith("record/row/count (record 7) is not an IPv4 or IPv6 address");
  }
}
