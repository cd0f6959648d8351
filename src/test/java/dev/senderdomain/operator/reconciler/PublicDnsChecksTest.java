package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.PublicDns;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.rollout.RolloutWarning;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicDnsChecksTest {
  /** A public DNS made of a map: name -> TXT strings. */
  static PublicDns dns(Map<String, List<String>> zone) {
    return name -> zone.getOrDefault(name, List.of());
  }

  static final PublicDns UNREACHABLE =
      name -> {
        throw new UncheckedIOException(new IOException("timed out"));
      };

  static DnsRecord spf(String value) {
    return new DnsRecord("shop.example.com", RecordType.TXT, 300, value);
  }

  @Test
  void anSpfRecordNeedingMoreThanTenLookupsIsReported() {
    Map<String, List<String>> zone = new HashMap<>();
    StringBuilder nested = new StringBuilder("v=spf1");
    for (int i = 0; i < 11; i++) {
      nested.append(" include:s").append(i).append(".mailer.example.net");
      zone.put("s" + i + ".mailer.example.net", List.of("v=spf1 ip4:192.0.2." + i + " -all"));
    }
    zone.put("_spf.mailer.example.net", List.of(nested + " -all"));
    var problems =
        new PublicDnsChecks(dns(zone))
            .spfProblems(List.of(spf("v=spf1 include:_spf.mailer.example.net" + " -all")));
    assertThat(problems).isPresent();
    assertThat(problems.get())
        .singleElement()
        .asString()
        .contains("shop.example.com")
        .contains("10");
  }

  @Test
  void anSpfRecordWithinTheBudgetHasNoProblems() {
    var zone = Map.of("_spf.mailer.example.net", List.of("v=spf1 ip4:192.0.2.0/24 -all"));
    assertThat(
            new PublicDnsChecks(dns(zone))
                .spfProblems(List.of(spf("v=spf1 include:_spf.mailer.example.net -all"))))
        .hasValue(List.of());
  }

  @Test
  void anUnreachableDnsLeavesTheBudgetUncheckedRatherThanExceeded() {
    assertThat(
            new PublicDnsChecks(UNREACHABLE)
                .spfProblems(List.of(spf("v=spf1 include:a.example -all"))))
        .isEmpty();
    assertThat(new PublicDnsChecks(null).spfProblems(List.of(spf("v=spf1 include:a.example -all"))))
        .isEmpty();
  }

  @Test
  void anOrganizationalDomainWithAStricterSubdomainPolicyIsReported() throws Exception {
    var spec = ExampleSpecs.shop();
    SenderDomainConfig config = SenderDomainValidator.validate(ExampleSpecs.resource(spec));
    var zone = Map.of("_dmarc.example.com", List.of("v=DMARC1; p=reject; sp=reject"));
    List<RolloutWarning> warnings =
        new PublicDnsChecks(dns(zone)).orgDomain(config, DmarcStep.MONITOR);
    assertThat(warnings)
        .extracting(RolloutWarning::reason)
        .contains(RolloutWarning.Reason.ORG_DOMAIN_STRICTER);
    assertThat(new PublicDnsChecks(UNREACHABLE).orgDomain(config, DmarcStep.MONITOR)).isEmpty();
  }
}
