package dev.senderdomain.operator.report.sender;

import com.google.common.net.InternetDomainName;
import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.report.ClassifiedSource;
import dev.senderdomain.operator.report.SourceClass;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.store.AuthTallies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Groups a domain's report sources by sender and says what each failing sender should change. Pure:
 * reverse DNS names come in as data (the status is computed without them, so it never changes with
 * a resolver's answers). A source is identified, first match wins, by the sender map's IP ranges,
 * its reverse DNS suffixes, then (unless receivers marked it a forwarder, which carries other
 * senders' signatures) the DKIM d= domains and SPF domains seen from it; otherwise as one of the
 * domain's declared servers, by the registrable domain of its reverse DNS name, or by its IP.
 */
public final class SenderAnalysis {
  private SenderAnalysis() {}

  /**
   * @param sources the window's sources, classified
   * @param dkim DKIM results per source IP in the window
   * @param spf SPF results per source IP in the window
   * @param reverseNames PTR names by IP (may be empty)
   * @return every sender, those with most failing messages first (ties: most messages, then name)
   */
  public static List<SenderGroup> analyse(
      String domain,
      Duration window,
      List<ClassifiedSource> sources,
      List<AuthTallies.Dkim> dkim,
      List<AuthTallies.Spf> spf,
      Map<String, String> reverseNames,
      SenderMap map,
      SourceClassifier classifier) {
    Map<String, List<AuthTallies.Dkim>> dkimByIp = new HashMap<>();
    dkim.forEach(d -> dkimByIp.computeIfAbsent(d.sourceIp(), k -> new ArrayList<>()).add(d));
    Map<String, List<AuthTallies.Spf>> spfByIp = new HashMap<>();
    spf.forEach(s -> spfByIp.computeIfAbsent(s.sourceIp(), k -> new ArrayList<>()).add(s));

    Map<String, Builder> groups = new LinkedHashMap<>();
    for (ClassifiedSource source : sources) {
      String ip = source.stats().ip();
      List<AuthTallies.Dkim> ipDkim = dkimByIp.getOrDefault(ip, List.of());
      List<AuthTallies.Spf> ipSpf = spfByIp.getOrDefault(ip, List.of());
      SenderIdentity who = identify(source, reverseNames.get(ip), ipDkim, ipSpf, map, classifier);
      groups.computeIfAbsent(who.key(), k -> new Builder(who)).add(source, ipDkim, ipSpf);
    }
    List<SenderGroup> out = new ArrayList<>();
    for (Builder b : groups.values()) {
      SenderGroup g = b.build(null);
      out.add(b.build(FixSuggestions.suggest(domain, window, g)));
    }
    out.sort(
        Comparator.comparingLong(SenderGroup::failing)
            .reversed()
            .thenComparing(Comparator.comparingLong(SenderGroup::messages).reversed())
            .thenComparing(g -> g.sender().key()));
    return out;
  }

  static SenderIdentity identify(
      ClassifiedSource source,
      String reverseName,
      List<AuthTallies.Dkim> dkim,
      List<AuthTallies.Spf> spf,
      SenderMap map,
      SourceClassifier classifier) {
    String ip = source.stats().ip();
    Optional<KnownSender> known = map.byIp(ip);
    if (known.isEmpty() && reverseName != null) {
      known = map.byReverseName(reverseName);
    }
    if (known.isEmpty() && source.classification() != SourceClass.FORWARDER) {
      for (AuthTallies.Dkim d : dkim) {
        known = map.byDkimDomain(d.domain());
        if (known.isPresent()) {
          break;
        }
      }
      for (int i = 0; known.isEmpty() && i < spf.size(); i++) {
        known = map.byEnvelopeDomain(spf.get(i).domain());
      }
    }
    if (known.isPresent()) {
      return SenderIdentity.known(known.get());
    }
    if (classifier.isDeclared(ip)) {
      return SenderIdentity.OWN_SERVERS;
    }
    if (reverseName != null && !reverseName.isBlank()) {
      // a list server and an ESP of one organisation are two senders with two different fixes
      return SenderIdentity.reverseDns(
          baseDomain(reverseName), source.classification() == SourceClass.FORWARDER);
    }
    return SenderIdentity.unidentified(ip);
  }

  /**
   * The registrable domain of a host name by the public suffix list ({@code
   * mail-yw1-f170.google.com} to {@code google.com}); the last two labels when the list does not
   * know the suffix.
   */
  public static String baseDomain(String host) {
    String h = DomainNames.normalize(host);
    try {
      InternetDomainName name = InternetDomainName.from(h);
      if (name.isUnderPublicSuffix()) {
        return name.topPrivateDomain().toString();
      }
    } catch (IllegalArgumentException | IllegalStateException notAName) {
      // below
    }
    String[] labels = h.split("\\.");
    return labels.length <= 2 ? h : labels[labels.length - 2] + "." + labels[labels.length - 1];
  }

  private static final class Builder {
    private final SenderIdentity sender;
    private final List<String> ips = new ArrayList<>();
    private long messages;
    private long dmarcPass;
    private long dkimAligned;
    private long spfAligned;
    private long forwarded;
    private final Map<SourceClass, Long> byClass = new EnumMap<>(SourceClass.class);
    private final Map<List<String>, Long> dkim = new TreeMap<>(Builder::compareLists);
    private final Map<List<String>, Long> spf = new TreeMap<>(Builder::compareLists);

    Builder(SenderIdentity sender) {
      this.sender = sender;
    }

    void add(ClassifiedSource s, List<AuthTallies.Dkim> ipDkim, List<AuthTallies.Spf> ipSpf) {
      ips.add(s.stats().ip());
      messages += s.stats().messages();
      dmarcPass += s.stats().dmarcPass();
      dkimAligned += s.stats().dkimAligned();
      spfAligned += s.stats().spfAligned();
      forwarded += s.stats().forwarded();
      byClass.merge(s.classification(), s.stats().messages(), Long::sum);
      ipDkim.forEach(
          d -> dkim.merge(List.of(d.domain(), d.selector(), d.result()), d.messages(), Long::sum));
      ipSpf.forEach(
          d -> spf.merge(List.of(d.domain(), d.scope(), d.result()), d.messages(), Long::sum));
    }

    SenderGroup build(String suggestion) {
      SourceClass dominant =
          byClass.entrySet().stream()
              .max(
                  Map.Entry.<SourceClass, Long>comparingByValue()
                      .thenComparing(e -> -e.getKey().ordinal()))
              .map(Map.Entry::getKey)
              .orElse(SourceClass.UNKNOWN);
      List<AuthTallies.Dkim> d = new ArrayList<>();
      dkim.forEach((k, n) -> d.add(new AuthTallies.Dkim("", k.get(0), k.get(1), k.get(2), n)));
      d.sort(Comparator.comparingLong(AuthTallies.Dkim::messages).reversed());
      List<AuthTallies.Spf> s = new ArrayList<>();
      spf.forEach((k, n) -> s.add(new AuthTallies.Spf("", k.get(0), k.get(1), k.get(2), n)));
      s.sort(Comparator.comparingLong(AuthTallies.Spf::messages).reversed());
      return new SenderGroup(
          sender,
          ips,
          messages,
          dmarcPass,
          dkimAligned,
          spfAligned,
          forwarded,
          dominant,
          d,
          s,
          suggestion);
    }

    private static int compareLists(List<String> a, List<String> b) {
      for (int i = 0; i < a.size(); i++) {
        int c = a.get(i).compareTo(b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }
  }
}
