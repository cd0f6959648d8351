package dev.senderdomain.operator.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.RecordType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReportAuthorizationTest {
  @ParameterizedTest(name = "{0} with {1} needs [{2}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "example.com      | mailto:dmarc@example.com                         | ",
        "example.com      | mailto:dmarc@reports.example.com                 | ",
        "mail.example.com | mailto:dmarc@example.com                         | ",
        "example.com      | mailto:dmarc@dmarc.vendor.example   | example.com._report._dmarc.dmarc.vendor.example",
        "Example.COM.     | MAILTO:x@Vendor.Example.!10m                     | example.com._report._dmarc.vendor.example",
        "example.com      | mailto:a@vendor.example mailto:b@vendor.example  | example.com._report._dmarc.vendor.example",
        "example.com      | mailto:a@example.com mailto:b@other.example mailto:c@third.example"
            + " | example.com._report._dmarc.other.example example.com._report._dmarc.third.example",
        "notexample.com   | mailto:d@example.com                             | notexample.com._report._dmarc.example.com",
      })
  void publishesAnAuthorizationRecordForEveryOutsideReportDomain(
      String domain, String uris, String expected) {
    List<DnsRecord> records =
        ReportAuthorization.records(domain, Arrays.asList(uris.split(" ")), 3600);
    List<String> names = expected == null ? List.of() : Arrays.asList(expected.split(" "));
    assertThat(records).extracting(DnsRecord::name).containsExactlyElementsOf(names);
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.type()).isEqualTo(RecordType.TXT);
              assertThat(r.value()).isEqualTo("v=DMARC1");
              assertThat(r.ttl()).isEqualTo(3600);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://reports.example/upload",
        "mailto:",
        "mailto:nobody",
        "mailto:@example.com",
        "mailto:a@-bad-.example",
        "dmarc@example.com"
      })
  void refusesAReportUriThatIsNotAMailtoAddress(String uri) {
    assertThatThrownBy(() -> ReportAuthorization.records("example.com", List.of(uri), 300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("report URI");
  }
}
