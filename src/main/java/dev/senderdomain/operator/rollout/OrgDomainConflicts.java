package dev.senderdomain.operator.rollout;

import dev.senderdomain.operator.rollout.RolloutWarning.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Warnings for a sender domain that is a subdomain of its organizational domain (e.g.
 * news.example.com under example.com), where the organizational domain's own record interacts with
 * this rollout. Pure.
 */
public final class OrgDomainConflicts {
  private OrgDomainConflicts() {}

  /**
   * @param domain this sender domain (ASCII)
   * @param subdomainPolicy the {@code sp} this domain publishes, null when none
   * @param nonExistentSubdomainPolicy the {@code np} this domain publishes, null when none
   * @param current the step this domain publishes now
   * @param org the organizational domain found by the tree walk or the public suffix list
   * @param pslOrgDomain the public suffix list's answer when {@code org} came from the tree walk,
   *     else null
   */
  public static List<RolloutWarning> analyse(
      String domain,
      DmarcPolicy subdomainPolicy,
      DmarcPolicy nonExistentSubdomainPolicy,
      DmarcStep current,
      OrganizationalDomain.Result org,
      String pslOrgDomain) {
    List<RolloutWarning> out = new ArrayList<>();
    String self = domain.toLowerCase(Locale.ROOT);
    if (pslOrgDomain != null && !pslOrgDomain.equals(org.domain())) {
      out.add(
          new RolloutWarning(
              Reason.ORG_DOMAIN_DIFFERS,
              "RFC 9989 receivers (DNS tree walk) take "
                  + org.domain()
                  + " as the organizational domain of "
                  + self
                  + ", RFC 7489 receivers (public suffix list) take "
                  + pslOrgDomain
                  + ": relaxed alignment and inherited policies differ between them"));
    }
    if (org.domain().equals(self)) {
      return out;
    }
    DmarcPolicy inherited = subdomainPolicy(org.record());
    if (inherited != null && weaker(current, inherited)) {
      out.add(
          new RolloutWarning(
              Reason.ORG_DOMAIN_STRICTER,
              org.domain()
                  + " publishes a policy of "
                  + inherited.tag()
                  + " for its subdomains, which receivers apply to "
                  + self
                  + " when it has no record of"
                  + " its own; this domain's record ("
                  + DmarcRollout.describe(current)
                  + ") overrides it with less"
                  + " protection until the rollout reaches "
                  + inherited.tag()
                  + " at 100%"));
    }
    if (subdomainPolicy != null || nonExistentSubdomainPolicy != null) {
      out.add(
          new RolloutWarning(
              Reason.SUBDOMAIN_POLICY_IGNORED,
              self
                  + " is not its own organizational domain ("
                  + org.domain()
                  + "): RFC 7489 receivers take the policy for names below it from "
                  + org.domain()
                  + "'s record and RFC 9989 ignores sp and np below the organizational domain, so spec.dmarc"
                  + ".subdomainPolicy and nonExistentSubdomainPolicy have no effect there"));
    }
    return out;
  }

  /**
   * The policy an organizational domain's record applies to an existing subdomain: {@code sp}, else
   * {@code p} (RFC 7489 6.3). {@code t=y} (RFC 9989) means it is not applied. Null when there is no
   * usable record or it names neither.
   */
  static DmarcPolicy subdomainPolicy(Optional<DmarcTxtRecord> record) {
    if (record.isEmpty() || record.get().testing()) {
      return null;
    }
    return record.get().sp().or(() -> record.get().p()).orElse(null);
  }

  /**
   * Whether some receiver applies less than {@code policy} to all failing mail under {@code step}.
   */
  static boolean weaker(DmarcStep step, DmarcPolicy policy) {
    int cmp = step.policy().compareTo(policy);
    return cmp < 0 || (cmp == 0 && (step.pct() < 100 || step.testing()));
  }
}
