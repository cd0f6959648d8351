package dev.senderdomain.operator.report.sender;

import static dev.senderdomain.operator.report.sender.SenderReports.DOMAIN;
import static dev.senderdomain.operator.report.sender.SenderReports.record;
import static dev.senderdomain.operator.report.sender.SenderReports.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.report.AggregateReport;
import dev.senderdomain.operator.report.IpRange;
import dev.senderdomain.operator.report.ParserLimits;
import dev.senderdomain.operator.report.ReportRecord;
import dev.senderdomain.operator.report.SourceClassifier;
import dev.senderdomain.operator.report.TestReports;
import dev.senderdomain.operator.report.ingest.ReportIngestor;
import dev.senderdomain.operator.report.store.ReportFilter;
import dev.senderdomain.operator.report.store.ReportStore;
import dev.senderdomain.operator.report.store.ReportStores;
import dev.senderdomain.operator.report.store.ReportSummaries;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who is sending and what to fix, from reports that mimic each major sender, fed through the real
 * parser and store: each sender of the map is recognised by its IP ranges, its reverse DNS and its
 * DKIM domain, and told in one sentence what makes its mail pass DMARC.
 */
class SenderAnalysisTest {
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Duration WEEK = Duration.ofDays(7);
  static final SenderMap MAP = SenderMap.shipped();
  static final List<String> DECLARED = List.of("192.0.2.0/28");

  ReportStore store;
  ReportIngestor ingestor;
  final Map<String, String> ptr = new HashMap<>();
  int reports;

  @BeforeEach
  void open() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    store = ReportStores.open("h2:mem:senders-" + System.nanoTime(), null, clock);
    ingestor =
        new ReportIngestor(
            store,
            null,
            ParserLimits.DEFAULTS,
            Set.of(DOMAIN)::contains,
            clock,
            WEEK.multipliedBy(60));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Stores the records once a day for the last seven days, through the parser. */
  void everyDay(ReportRecord... records) {
    for (int d = 1; d <= 7; d++) {
      AggregateReport r =
          report(
              "google.com",
              "r" + reports++,
              NOW.minus(Duration.ofDays(d)).truncatedTo(java.time.temporal.ChronoUnit.DAYS),
              records);
      ReportIngestor.Outcome o =
          ingestor.ingest(new ByteArrayInputStream(TestReports.xml(r)), "test");
      assertThat(o.status()).isEqualTo(ReportIngestor.Outcome.Status.NEW);
    }
  }

  List<SenderGroup> analyse() {
    SourceClassifier classifier = SourceClassifier.of(DECLARED);
    ReportFilter week = ReportFilter.of(DOMAIN, NOW.minus(WEEK), NOW);
    return SenderAnalysis.analyse(
        DOMAIN,
        WEEK,
        ReportSummaries.summarize(store, DOMAIN, WEEK, NOW, classifier).sources(),
        store.dkimResults(week),
        store.spfResults(week),
        ptr,
        MAP,
        classifier);
  }

  SenderGroup only(List<SenderGroup> groups) {
    assertThat(groups).hasSize(1);
    return groups.get(0);
  }

  enum Path {
    IP_RANGE,
    REVERSE_DNS,
    DKIM_DOMAIN
  }

  static Stream<Arguments> sendersAndHowTheyAreRecognised() {
    List<Arguments> out = new ArrayList<>();
    for (KnownSender s : MAP.senders()) {
      if (!s.ipRanges().isEmpty()) {
        out.add(Arguments.of(s.id(), Path.IP_RANGE));
      }
      out.add(Arguments.of(s.id(), Path.REVERSE_DNS));
      out.add(Arguments.of(s.id(), Path.DKIM_DOMAIN));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("sendersAndHowTheyAreRecognised")
  void recognisesEachMajorSenderAndSaysHowToAlignItsDkim(String id, Path path) throws Exception {
    KnownSender sender = MAP.senders().stream().filter(s -> s.id().equals(id)).findFirst().get();
    String ip =
        switch (path) {
          case IP_RANGE -> inside(sender.ipRanges().get(0));
          case REVERSE_DNS, DKIM_DOMAIN -> "198.51.100.77";
        };
    if (path == Path.REVERSE_DNS) {
      ptr.put(ip, "o17.out." + sender.rdns().get(0));
    }
    // the ESP signs with its own domain and bounces to its own domain: both pass, neither aligns
    everyDay(record(ip, 700, sender.dkim().get(0), "esp1", true, sender.envelope().get(0), true));

    SenderGroup g = only(analyse());

    assertThat(g.sender().key()).isEqualTo("known:" + id);
    assertThat(g.messages()).isEqualTo(4900);
    assertThat(g.failing()).isEqualTo(4900);
    assertThat(g.suggestion())
        .startsWith(
            sender.name()
                + " sends 700 messages/day for shop.example.com failing DKIM alignment: "
                + sender.dkimSetup())
        .endsWith(
            sender.returnPath() == null
                ? "; SPF include alone will not align"
                : "; for aligned SPF too, " + sender.returnPath());
  }

  @Test
  void mailchimpFailingDkimAlignmentIsToldToPublishItsCnames() {
    everyDay(record("205.201.131.5", 1200, "mcsv.net", "k1", true, "mail45.atl11.rsgsv.net", true));

    assertThat(only(analyse()).suggestion())
        .isEqualTo(
            "Mailchimp sends 1,200 messages/day for shop.example.com failing DKIM alignment:"
                + " publish their DKIM CNAMEs (authenticate the domain in Mailchimp: k2._domainkey"
                + " to dkim2.mcsv.net and k3._domainkey to dkim3.mcsv.net; Mandrill: mte1._domainkey"
                + " and mte2._domainkey to dkim1/dkim2.mandrillapp.com); SPF include alone will not"
                + " align");
  }

  @Test
  void aSenderUsingYourEnvelopeButMissingFromSpfIsToldWhichIncludeToAdd() {
    everyDay(record("209.85.220.41", 300, null, null, false, DOMAIN, false));

    assertThat(only(analyse()).suggestion())
        .startsWith(
            "Google Workspace sends 300 messages/day for shop.example.com failing SPF: add"
                + " _spf.google.com to spec.spf.include; and for aligned DKIM, generate a DKIM key");
  }

  @Test
  void aBrokenSignatureWithYourDomainIsBlamedOnTheKeyOfItsSelector() {
    everyDay(record("167.89.10.20", 50, DOMAIN, "s1", false, "em123.sendgrid.net", true));

    assertThat(only(analyse()).suggestion())
        .isEqualTo(
            "SendGrid sends 50 messages/day for shop.example.com with DKIM signatures of"
                + " shop.example.com that fail (selector s1): check that the key published at"
                + " s1._domainkey.shop.example.com is the one SendGrid signs with");
  }

  @Test
  void forwardersAreNamedByTheirReverseDnsAndNotBlamedForTheSignaturesTheyCarry() {
    ptr.put("203.0.113.50", "lists.example.net");
    everyDay(
        record(
            "203.0.113.50",
            20,
            "mcsv.net",
            "k1",
            false,
            "lists.example.net",
            true,
            "mailing_list"));

    SenderGroup g = only(analyse());
    assertThat(g.sender().name()).isEqualTo("example.net (forwarding)");
    assertThat(g.suggestion())
        .startsWith(
            "example.net (forwarding) forwards or relays mail for shop.example.com (20"
                + " messages/day)")
        .endsWith("nothing to change in your DNS");
  }

  @Test
  void strangersAreNamedByReverseDnsOrLeftUnidentifiedAndCalledSpoofing() {
    ptr.put("203.0.113.9", "ip-203-0-113-9.dyn.spoofer.net");
    everyDay(
        record("203.0.113.9", 30, null, null, false, "spoofer.net", true),
        record("2001:db8:bad::66", 10, null, null, false, "x.example", false),
        record("2001:db8:bad::67", 4, null, null, false, "x.example", false));

    List<SenderGroup> groups = analyse();
    assertThat(groups)
        .extracting(g -> g.sender().name())
        .containsExactly("spoofer.net", "2001:db8:bad::66", "2001:db8:bad::67");
    assertThat(groups.get(0).suggestion())
        .isEqualTo(
            "spoofer.net (203.0.113.9) sends 30 messages/day as shop.example.com without a"
                + " passing signature or SPF of shop.example.com: if it sends for you, authorise"
                + " it (its SPF include or IPs in spec.spf, and DKIM with your domain); if not, it"
                + " is spoofing shop.example.com, which p=reject stops");
    assertThat(groups.get(1).suggestion())
        .startsWith("2001:db8:bad::66 sends 10 messages/day as shop.example.com without a passing");
  }

  @Test
  void yourOwnServersFailingAreToldToSignWithTheDomainsKey() {
    everyDay(record("192.0.2.5", 100, null, null, false, "bounces.other.example", true));

    assertThat(only(analyse()).suggestion())
        .startsWith(
            "Your declared servers (192.0.2.5) send 100 messages/day for shop.example.com failing"
                + " DMARC: sign their mail with the domain's DKIM key");
  }

  @Test
  void passingSendersNeedNothingAndTheWorstFailingSenderComesFirst() {
    everyDay(
        record("192.0.2.1", 1000, DOMAIN, "s1", true, DOMAIN, true),
        record("167.89.10.20", 10, "sendgrid.net", "s1", true, "sendgrid.net", true),
        record("205.201.131.5", 40, "mcsv.net", "k1", true, "rsgsv.net", true));

    List<SenderGroup> groups = analyse();
    assertThat(groups)
        .extracting(g -> g.sender().name())
        .containsExactly("Mailchimp", "SendGrid", "Your declared servers");
    assertThat(groups.get(2).suggestion()).isNull();
    assertThat(groups.get(2).failing()).isZero();
  }

  @Test
  void namesHostsByTheirRegistrableDomain() {
    assertThat(SenderAnalysis.baseDomain("mail-yw1-f170.google.com.")).isEqualTo("google.com");
    assertThat(SenderAnalysis.baseDomain("a8-31.smtp-out.amazonses.com"))
        .isEqualTo("amazonses.com");
    assertThat(SenderAnalysis.baseDomain("mx.mail.example.co.uk")).isEqualTo("example.co.uk");
    assertThat(SenderAnalysis.baseDomain("host.internal.example")).isEqualTo("internal.example");
  }

  @Test
  void anOperatorsOwnFileAddsSendersAndReplacesShippedOnesById(@TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("senders.yaml");
    java.nio.file.Files.writeString(
        file,
        """
        senders:
          - id: newsletter-co
            name: Newsletter Co
            rdns: [mta.newsletter.example]
            dkim: [newsletter.example]
            envelope: [bounce.newsletter.example]
            ipRanges: [198.51.100.0/24]
            dkimSetup: publish the CNAME nl._domainkey to dkim.newsletter.example
          - id: mailchimp
            name: Mailchimp (our account)
            rdns: [mcsv.net]
            dkim: [mcsv.net]
            envelope: [mcsv.net]
            dkimSetup: ask marketing to finish the domain authentication
        """);
    SenderMap map = SenderMap.withFile(file);

    assertThat(map.byIp("198.51.100.9")).map(KnownSender::name).contains("Newsletter Co");
    assertThat(map.byDkimDomain("mcsv.net"))
        .map(KnownSender::name)
        .contains("Mailchimp (our account)");
    assertThat(map.senders()).hasSize(MAP.senders().size() + 1);

    java.nio.file.Files.writeString(file, "senders:\n  - id: x\n    name: X\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SenderMap.withFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": senders[0].dkimSetup is required");
  }

  /** An address inside the range (the network address with its last bit set). */
  static String inside(IpRange range) throws UnknownHostException {
    byte[] a = range.network().clone();
    a[a.length - 1] |= 1;
    return InetAddress.getByAddress(a).getHostAddress();
  }

  @Test
  void theShippedMapHasTheMajorSendersEachWithAWayToAlignDkim() {
    assertThat(MAP.senders())
        .extracting(KnownSender::name)
        .contains(
            "Google Workspace",
            "Microsoft 365",
            "Amazon SES",
            "SendGrid",
            "Mailgun",
            "Mailchimp",
            "Postmark",
            "SparkPost",
            "Zendesk",
            "Salesforce",
            "HubSpot");
    assertThat(MAP.senders())
        .allSatisfy(
            s -> {
              assertThat(s.dkimSetup()).isNotBlank();
              assertThat(s.rdns()).isNotEmpty();
              assertThat(s.dkim()).isNotEmpty();
              assertThat(s.envelope()).isNotEmpty();
            });
    assertThat(MAP.senders().stream().map(KnownSender::id).distinct().count())
        .isEqualTo(MAP.senders().size());
    assertThat(Optional.ofNullable(MAP.byIp("205.201.131.5").orElse(null)))
        .map(KnownSender::id)
        .contains("mailchimp");
  }
}
