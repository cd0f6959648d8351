package dev.senderdomain.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneFileTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "shop.example | TXT | v=spf1 -all | shop.example. 300 IN TXT \"v=spf1 -all\"",
        "b.shop.example | MX | 10 mx.example.net | b.shop.example. 300 IN MX 10 mx.example.net.",
        "c.shop.example | CNAME | t.example.net | c.shop.example. 300 IN CNAME t.example.net."
      })
  void rendersOneLinePerRecord(String name, RecordType type, String value, String line) {
    assertThat(ZoneFile.line(name, type, 300, value)).isEqualTo(line);
  }

  @ParameterizedTest
  @CsvSource({"255, 1", "256, 2", "600, 3"})
  void longTxtValuesAreSplitIntoQuotedStringsOfAtMost255Octets(int length, int strings) {
    String line = ZoneFile.line("s._domainkey.x", RecordType.TXT, 60, "p".repeat(length));
    assertThat(line.chars().filter(c -> c == '"').count()).isEqualTo(2L * strings);
    assertThat(line.contains("( ")).isEqualTo(strings > 1);
  }
}
