package dev.senderdomain.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpfBudgetTest {
  static final Map<String, String> DNS =
      Map.of(
          "_spf.google.com",
              "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com ~all",
          "_netblocks.google.com", "v=spf1 ip4:35.190.247.0/24 ~all",
          "_netblocks2.google.com", "v=spf1 ip6:2001:4860:4000::/36 ~all",
          "heavy.example", "v=spf1 a mx ptr exists:%{i}.x.example a:b.example mx:c.example ~all",
          "loop.example", "v=spf1 include:loop.example -all",
          "redir.example", "v=spf1 redirect=_spf.google.com");

  static Stream<Arguments> records() {
    return Stream.of(
        Arguments.of("v=spf1 ip4:192.0.2.0/24 -all", 0, 0, true),
        Arguments.of("v=spf1 include:_spf.google.com -all", 3, 0, true),
        Arguments.of("v=spf1 a mx -all", 2, 0, true),
        Arguments.of("v=spf1 include:heavy.example include:_spf.google.com -all", 10, 0, true),
        Arguments.of("v=spf1 include:heavy.example include:_spf.google.com a -all", 11, 0, false),
        Arguments.of("v=spf1 include:missing1.example -all", 1, 1, false),
        Arguments.of("v=spf1 include:loop.example -all", 2, 0, false),
        Arguments.of("v=spf1 include:redir.example -all", 4, 0, true),
        Arguments.of("v=spf1 redirect=_spf.google.com", 3, 0, true),
        Arguments.of("v=spf1 -all redirect=_spf.google.com", 0, 0, true),
        Arguments.of("v=spf1 ~include:%{d}.spf.example -all", 1, 0, true));
  }

  @ParameterizedTest(name = "{0}: {1} lookups, {2} void")
  @MethodSource("records")
  void countsLookupsAfterIncludes(String record, int lookups, int voids, boolean ok) {
    SpfBudget.Result r = SpfBudget.count(record, name -> Optional.ofNullable(DNS.get(name)));
    assertThat(r.lookups()).isEqualTo(lookups);
    assertThat(r.voidLookups()).isEqualTo(voids);
    assertThat(r.withinLimits()).isEqualTo(ok);
  }

  @org.junit.jupiter.api.Test
  void threeVoidLookupsExceedTheVoidLimitAndSaySo() {
    SpfBudget.Result r =
        SpfBudget.count(
            "v=spf1 include:a.example include:b.example include:c.example -all",
            name -> Optional.empty());
    assertThat(r.voidLookups()).isEqualTo(3);
    assertThat(r.problems().get(0)).contains("3 void lookups").contains("RFC 7208 4.6.4");
  }
}
