package dev.senderdomain.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNamesTest {
  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource({
    "shop.example.com, shop.example.com",
    "Shop.Example.COM., shop.example.com",
    "' shop.example.com. ', shop.example.com",
    "bücher.example, xn--bcher-kva.example",
    "BÜCHER.example., xn--bcher-kva.example",
    "xn--bcher-kva.example, xn--bcher-kva.example",
    "_dmarc.Example.com, _dmarc.example.com"
  })
  void everySpellingOfANameBecomesOne(String input, String normalized) {
    assertThat(DomainNames.normalize(input)).isEqualTo(normalized);
  }

  @ParameterizedTest(name = "[{0}] is only lower-cased")
  @CsvSource({"Bad..Name, bad..name", "'a b.example', a b.example"})
  void aNameThatIsNoDomainIsNotJudgedHere(String input, String normalized) {
    assertThat(DomainNames.normalize(input)).isEqualTo(normalized);
  }
}
