package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.PublicDns;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.SpfBudget;
import dev.senderdomain.operator.dns.SpfRecord;
import dev.senderdomain.operator.records.DmarcRecordValue.DmarcOptions;
import dev.senderdomain.operator.rollout.DmarcStep;
import dev.senderdomain.operator.rollout.OrgDomainConflicts;
import dev.senderdomain.operator.rollout.OrganizationalDomain;
import dev.senderdomain.operator.rollout.PublicSuffixList;
import dev.senderdomain.operator.rollout.RolloutWarning;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What receivers will find when they look our records up: the SPF lookup budget after includes (RFC
 * 7208 4.6.4) and the organizational domain's DMARC record (RFC 9989 tree walk, public suffix list
 * as RFC 7489 receivers use). Both are warnings, never refusals, and are skipped when the public
 * DNS cannot be reached.
 */
final class PublicDnsChecks {
  private static final PublicSuffixList SUFFIXES = PublicSuffixList.bundled();

  private final PublicDns dns;

  /**
   * @param dns null: no public DNS (tests, air-gapped clusters); nothing is checked
   */
  PublicDnsChecks(PublicDns dns) {
    this.dns = dns;
  }

  /**
   * One sentence per problem of an SPF record receivers would answer with permerror; empty (no
   * Optional value) when the budget could not be checked.
   */
  Optional<List<String>> spfProblems(List<DnsRecord> records) {
    List<String> problems = new ArrayList<>();
    if (dns == null) {
      return Optional.empty();
    }
    for (DnsRecord r : records) {
      if (r.type() == RecordType.TXT && SpfRecord.isSpf(r.value())) {
        try {
          SpfBudget.Result result = SpfBudget.count(r.value(), dns::spf);
          if (!result.withinLimits()) {
            result.problems().forEach(p -> problems.add(r.name() + ": " + p));
          }
        } catch (UncheckedIOException e) {
          return Optional.empty(); // DNS unreachable: the budget is unknown, not exceeded
        }
      }
    }
    return Optional.of(problems);
  }

  List<RolloutWarning> orgDomain(SenderDomainConfig config, DmarcStep current) {
    if (dns == null) {
      return List.of();
    }
    try {
      OrganizationalDomain.Result walked = OrganizationalDomain.treeWalk(config.domain(), dns::txt);
      String psl = OrganizationalDomain.publicSuffix(config.domain(), SUFFIXES, null).domain();
      DmarcOptions published = config.records().dmarc();
      return OrgDomainConflicts.analyse(
          config.domain(),
          published.subdomainPolicy(),
          published.nonExistentSubdomainPolicy(),
          current,
          walked,
          psl);
    } catch (UncheckedIOException e) {
      return List.of();
    }
  }
}
