package dev.senderdomain.operator.report.sender;

import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.store.AuthTallies;
import dev.senderdomain.operator.time.Durations;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a failing sender should change, in one sentence with its volume: the rules a DMARC analyst
 * applies to a sender's raw results. DMARC passes when DKIM or SPF passes <em>aligned</em> with the
 * From domain (RFC 7489 3.1, relaxed: the same organizational domain), so an ESP's own DKIM
 * signature (d=mcsv.net) or its own return path (SPF pass for sendgrid.net) counts for nothing: the
 * fix is a DKIM key under your domain, or a return path under it. Pure.
 */
final class FixSuggestions {
  private static final Set<String> SPF_FAILING = Set.of("fail", "softfail", "none", "neutral");

  private FixSuggestions() {}

  /** The suggestion, or null when the sender passes DMARC. */
  static String suggest(String domain, Duration window, SenderGroup g) {
    if (g.failing() <= 0) {
      return null;
    }
    String who = g.sender().name();
    String volume = volume(g.messages(), window);
    Auth a = Auth.of(domain, g);
    if (g.classification() == SourceClass.FORWARDER) {
      return String.format(
          Locale.ROOT,
          "%s forwards or relays mail for %s (%s): %,d messages fail DMARC after forwarding"
              + " (mailing lists and forwarders change the message or the envelope); nothing to"
              + " change in your DNS",
          who,
          domain,
          volume,
          g.failing());
    }
    switch (g.sender().kind()) {
      case KNOWN -> {
        KnownSender k = g.sender().known();
        if (a.ownDkimFailing > 0 && a.ownDkimFailing >= a.foreignDkimPassing) {
          return String.format(
              Locale.ROOT,
              "%s sends %s for %s with DKIM signatures of %s that fail (selector %s): check that"
                  + " the key published at %s._domainkey.%s is the one %s signs with",
              who,
              volume,
              domain,
              domain,
              a.failingSelectors,
              a.firstFailingSelector,
              domain,
              who);
        }
        if (a.ownSpfFailing > 0 && k.spfInclude() != null) {
          return String.format(
                  Locale.ROOT,
                  "%s sends %s for %s failing SPF: add %s to spec.spf.include",
                  who,
                  volume,
                  domain,
                  k.spfInclude())
              + (g.dkimAligned() == 0 ? "; and for aligned DKIM, " + k.dkimSetup() : "");
        }
        String spfNote =
            a.foreignSpfPassing == 0
                ? ""
                : k.returnPath() == null
                    ? "; SPF include alone will not align"
                    : "; for aligned SPF too, " + k.returnPath();
        return String.format(
                Locale.ROOT,
                "%s sends %s for %s failing DKIM alignment: %s",
                who,
                volume,
                domain,
                k.dkimSetup())
            + spfNote;
      }
      case OWN -> {
        return String.format(
            Locale.ROOT,
            "Your declared servers (%s) send %s for %s failing DMARC: sign their mail with the"
                + " domain's DKIM key (the operator's key Secret)%s",
            ips(g),
            volume,
            domain,
            a.ownSpfFailing > 0
                ? "; SPF fails for their envelope sender under " + domain + ": check spec.spf"
                : ", or send with an envelope sender (Return-Path) under "
                    + domain
                    + " so SPF aligns");
      }
      default -> {
        String sends = "sends";
        if (g.dkimAligned() + g.spfAligned() == 0) {
          return String.format(
              Locale.ROOT,
              "%s%s %s %s as %s without a passing signature or SPF of %s: if it sends for"
                  + " you, authorise it (its SPF include or IPs in spec.spf, and DKIM with your"
                  + " domain); if not, it is spoofing %s, which p=reject stops",
              who,
              where(g),
              sends,
              volume,
              domain,
              domain,
              domain);
        }
        return String.format(
            Locale.ROOT,
            "%s%s %s %s for %s, %,d of them failing DMARC: it authenticates only part of its"
                + " mail; check its DKIM signing and its envelope sender",
            who,
            where(g),
            sends,
            volume,
            domain,
            g.failing());
      }
    }
  }

  /** "1,200 messages/day", or "12 messages in 7d" when fewer than one a day. */
  static String volume(long messages, Duration window) {
    long days = Math.max(1, window.toDays());
    long perDay = Math.round((double) messages / days);
    return perDay >= 1 && days > 1
        ? String.format(Locale.ROOT, perDay == 1 ? "%,d message/day" : "%,d messages/day", perDay)
        : String.format(
            Locale.ROOT,
            messages == 1 ? "%,d message in %s" : "%,d messages in %s",
            messages,
            Durations.format(window));
  }

  /** " (192.0.2.5)" after a sender's name; nothing when the name is the IP. */
  private static String where(SenderGroup g) {
    return g.sender().kind() == SenderIdentity.Kind.UNIDENTIFIED ? "" : " (" + ips(g) + ")";
  }

  private static String ips(SenderGroup g) {
    int n = g.ips().size();
    return n == 1 ? g.ips().get(0) : String.format(Locale.ROOT, "%,d IPs", n);
  }

  /** The sender's raw results, split by alignment with the domain. */
  private static final class Auth {
    long ownDkimFailing;
    long foreignDkimPassing;
    long ownSpfFailing;
    long foreignSpfPassing;
    String failingSelectors = "";
    String firstFailingSelector = "";

    static Auth of(String domain, SenderGroup g) {
      Auth a = new Auth();
      String org = SenderAnalysis.baseDomain(domain);
      Set<String> selectors = new LinkedHashSet<>();
      for (AuthTallies.Dkim d : g.dkim()) {
        boolean aligned =
            !d.domain().isEmpty() && SenderAnalysis.baseDomain(d.domain()).equals(org);
        boolean pass = d.result().equals("pass");
        if (aligned && !pass) {
          a.ownDkimFailing += d.messages();
          if (!d.selector().isEmpty()) {
            selectors.add(d.selector());
          }
        } else if (!aligned && pass) {
          a.foreignDkimPassing += d.messages();
        }
      }
      List<String> s = List.copyOf(selectors);
      a.failingSelectors = s.isEmpty() ? "not reported" : String.join(", ", s);
      a.firstFailingSelector = s.isEmpty() ? "<selector>" : s.get(0);
      for (AuthTallies.Spf x : g.spf()) {
        if (x.scope().equals("helo")) {
          continue; // DMARC aligns the MAIL FROM identity only (RFC 7489 3.1.2)
        }
        boolean aligned =
            !x.domain().isEmpty() && SenderAnalysis.baseDomain(x.domain()).equals(org);
        if (aligned && SPF_FAILING.contains(x.result())) {
          a.ownSpfFailing += x.messages();
        } else if (!aligned && x.result().equals("pass")) {
          a.foreignSpfPassing += x.messages();
        }
      }
      return a;
    }
  }
}
