package dev.senderdomain.operator.dns.provider.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SecretKeySelector;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.Backoff;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderContract;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.RequestBudget;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Cloudflare adapter against {@link CloudflareStub}, a recorded-contract stub of the documented
 * Cloudflare API v4 DNS endpoints running in-process on 127.0.0.1 - not against Cloudflare, which
 * cannot run here. What these tests prove is that the adapter speaks the documented protocol
 * (paths, Bearer auth, bodies, envelope, error codes, 429 with Retry-After) and classifies
 * failures; they cannot prove Cloudflare still behaves as documented.
 */
class CloudflareAdapterTest extends DnsProviderContract {
  private static final String TOKEN = "cf-test-token-6c1f0b2e9a";
  private static final String ZONE = "contract.test";

  private CloudflareStub stub;
  private String zoneId;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private DnsProviderAdapter adapter;

  @BeforeEach
  void startStub() throws Exception {
    stub = new CloudflareStub(TOKEN);
    zoneId = stub.addZone(ZONE);
    adapter = CloudflareAdapter.create(spec(ZONE, null), TOKEN, backoff());
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  private Backoff backoff() {
    return new Backoff(4, Duration.ofSeconds(1), Duration.ofSeconds(8), sleeps::add);
  }

  private DnsProviderSpec.Cloudflare spec(String zone, String zoneId) {
    DnsProviderSpec.Cloudflare s = new DnsProviderSpec.Cloudflare();
    s.zone = zone;
    s.zoneId = zoneId;
    s.baseUrl = stub.baseUrl();
    return s;
  }

  /**
   * Cloudflare adds a record on create (records are single, not sets); it refuses a CNAME beside
   * other records at one name (error 81053).
   */
  @Override
  protected ChangeSet refusedChange(RecordSet existing) {
    return create(
        new RecordSet(existing.name(), RecordType.CNAME, 300, List.of("target.example.net")));
  }

  @Override
  protected DnsProviderAdapter adapter() {
    return adapter;
  }

  @Override
  protected String zone() {
    return ZONE;
  }

  private RecordSet txt(String label, String value) {
    return new RecordSet(uniqueName(label), RecordType.TXT, 300, List.of(value));
  }

  @Test
  void aRateLimitIsWaitedOutAsRetryAfterSaysThenTheChangeIsMade() throws Exception {
    stub.failNext(
        2,
        429,
        CloudflareStub.error(971, "Please wait and consider throttling your request speed"),
        Map.of("Retry-After", "3"));
    RecordSet s = txt("rl", "v=spf1 -all");
    adapter.apply(create(s));
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    assertThat(adapter.read(List.of(s.key()))).containsExactly(s);
  }

  @Test
  void domainsSharingOneBudgetStayUnderTheDocumentedLimitAndAreNeverThrottled() throws Exception {
    RecordSet s = txt("budget", "v=spf1 -all");
    adapter.apply(create(s));
    stub.limit(8, Duration.ofSeconds(1));
    // One under the limit: the stub counts arrivals, the budget counts sends.
    RequestBudget budget = new RequestBudget(7, Duration.ofSeconds(1));
    // Two adapters for the same account (two DnsProviders with one token) draw from one budget.
    DnsProviderAdapter one =
        CloudflareAdapter.create(spec(ZONE, zoneId), TOKEN, backoff().withBudget(budget));
    DnsProviderAdapter two =
        CloudflareAdapter.create(spec(ZONE, zoneId), TOKEN, backoff().withBudget(budget));

    for (int i = 0; i < 12; i++) {
      assertThat(one.read(List.of(s.key()))).containsExactly(s);
      assertThat(two.read(List.of(s.key()))).containsExactly(s);
    }

    assertThat(stub.throttled).hasValue(0);
  }

  @Test
  void throttledAnswersAreWaitedOutNotReportedAsFailures() throws Exception {
    RecordSet s = txt("absorbed", "v=spf1 -all");
    adapter.apply(create(s));
    stub.limit(8, Duration.ofSeconds(1));
    // A budget larger than the provider allows: the provider's 429s must be absorbed.
    RequestBudget budget = new RequestBudget(100, Duration.ofSeconds(1));
    DnsProviderAdapter eager =
        CloudflareAdapter.create(spec(ZONE, zoneId), TOKEN, Backoff.standard().withBudget(budget));

    for (int i = 0; i < 20; i++) {
      assertThat(eager.read(List.of(s.key()))).containsExactly(s);
    }

    assertThat(stub.throttled.get()).isPositive();
  }

  @Test
  void aPersistentRateLimitIsATransientRateLimitedAfterBoundedBackoff() {
    stub.failNext(10, 429, CloudflareStub.error(971, "Please wait"), Map.of());
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class, () -> adapter.apply(create(txt("rl", "x"))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.RateLimited);
    assertThat(e.permanent()).isFalse();
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(stub.requests).hasSize(4);
  }

  @Test
  void aRetryAfterLongerThanTheCapIsCapped() {
    stub.failNext(10, 429, CloudflareStub.error(971, "Please wait"), Map.of("Retry-After", "3600"));
    catchThrowableOfType(
        DnsProviderException.class, () -> adapter.read(List.of(txt("cap", "x").key())));
    assertThat(sleeps).hasSize(3).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(8)));
  }

  @Test
  void aWrongTokenIsPermanentUnauthorizedAndNoTokenIsEverShown() {
    String wrong = "cf-wrong-token-77aa";
    DnsProviderAdapter bad = CloudflareAdapter.create(spec(ZONE, null), wrong, backoff());
    DnsProviderException e =
        catchThrowableOfType(DnsProviderException.class, () -> bad.apply(create(txt("auth", "x"))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("10000").doesNotContain(wrong).doesNotContain(TOKEN);
    assertThat(bad.toString()).doesNotContain(wrong);
    assertThat(adapter.toString()).doesNotContain(TOKEN);
  }

  @Test
  void withoutZoneOrZoneIdTheLongestZoneAboveTheNameIsFound() throws Exception {
    String subId = stub.addZone("mail." + ZONE);
    DnsProviderAdapter discovering = CloudflareAdapter.create(spec(null, null), TOKEN, backoff());
    RecordSet dmarc =
        new RecordSet("_dmarc.mail." + ZONE, RecordType.TXT, 300, List.of("v=DMARC1; p=none"));
    RecordSet apex =
        new RecordSet("_dmarc." + ZONE, RecordType.TXT, 300, List.of("v=DMARC1; p=reject"));
    discovering.apply(create(dmarc, apex));
    assertThat(stub.recordsNamed(dmarc.name()))
        .singleElement()
        .satisfies(r -> assertThat(r.path("zone_id").asText()).isEqualTo(subId));
    assertThat(stub.recordsNamed(apex.name()))
        .singleElement()
        .satisfies(r -> assertThat(r.path("zone_id").asText()).isEqualTo(zoneId));
    assertThat(discovering.read(List.of(dmarc.key(), apex.key())))
        .containsExactlyInAnyOrder(dmarc, apex);
  }

  @Test
  void aConfiguredZoneIdIsUsedWithoutLookup() throws Exception {
    DnsProviderAdapter byId = CloudflareAdapter.create(spec(null, zoneId), TOKEN, backoff());
    byId.apply(create(txt("byid", "x")));
    assertThat(stub.requests).noneMatch(r -> r.equals("GET /zones"));
  }

  @Test
  void anUnknownZoneIdOrZoneNameIsAPermanentZoneNotFound() {
    for (DnsProviderAdapter a :
        List.of(
            CloudflareAdapter.create(spec(null, "0badc0de"), TOKEN, backoff()),
            CloudflareAdapter.create(spec("nothere.test", null), TOKEN, backoff()))) {
      DnsProviderException e =
          catchThrowableOfType(
              DnsProviderException.class,
              () -> a.read(List.of(new RecordKey("_dmarc.nothere.test", RecordType.TXT))));
      assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound);
      assertThat(e.permanent()).isTrue();
    }
  }

  @Test
  void aValueCloudflareRefusesIsPermanentRejectedWithItsMessage() {
    RecordSet tooShortTtl = new RecordSet(uniqueName("ttl"), RecordType.TXT, 30, List.of("x"));
    DnsProviderException e =
        catchThrowableOfType(DnsProviderException.class, () -> adapter.apply(create(tooShortTtl)));
    assertThat(e.reason()).isEqualTo(ProviderFailure.Rejected);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("9021").contains("Invalid TTL");
  }

  @Test
  void serverErrorsAndRefusedConnectionsAreTransientUnreachable() throws Exception {
    stub.failNext(1, 502, "<html>Bad gateway</html>", Map.of());
    DnsProviderException e5xx =
        catchThrowableOfType(
            DnsProviderException.class, () -> adapter.read(List.of(txt("down", "x").key())));
    assertThat(e5xx.reason()).isEqualTo(ProviderFailure.Unreachable);
    assertThat(e5xx.permanent()).isFalse();

    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    DnsProviderSpec.Cloudflare spec = spec(ZONE, zoneId);
    spec.baseUrl = "http://127.0.0.1:" + closed + "/client/v4";
    DnsProviderException refused =
        catchThrowableOfType(
            DnsProviderException.class,
            () ->
                CloudflareAdapter.create(spec, TOKEN, backoff())
                    .read(List.of(txt("down", "x").key())));
    assertThat(refused.reason()).isEqualTo(ProviderFailure.Unreachable);
    assertThat(refused.permanent()).isFalse();
  }

  @Test
  void aLongTxtIsSentAsQuotedStringsOfAtMost255Octets() throws Exception {
    RecordSet dkim =
        new RecordSet(
            "s1._domainkey." + uniqueName("dkim"), RecordType.TXT, 300, List.of(LONG_DKIM));
    adapter.apply(create(dkim));
    String content = stub.recordsNamed(dkim.name()).get(0).path("content").asText();
    assertThat(content).startsWith("\"").endsWith("\"").contains("\" \"");
    assertThat(content.split("\" \""))
        .allSatisfy(part -> assertThat(part.replace("\"", "")).hasSizeLessThan(256));
  }

  @Test
  void changingOneValueOverwritesTheRecordInPlaceAndKeepsTheOthersUntouched() throws Exception {
    String name = uniqueName("inplace");
    RecordSet before =
        new RecordSet(name, RecordType.TXT, 300, List.of("foreign=1", "v=spf1 ip4:192.0.2.1 -all"));
    adapter.apply(create(before));
    java.util.Set<String> idsBefore = ids(name);
    stub.requests.clear();
    RecordSet after =
        new RecordSet(name, RecordType.TXT, 300, List.of("foreign=1", "v=spf1 ip4:192.0.2.2 -all"));
    adapter.apply(
        new ChangeSet(List.of(), List.of(new ChangeSet.Update(before, after)), List.of()));
    // One batch request, whose put overwrote the changed record: both records keep their ids.
    assertThat(stub.requests)
        .filteredOn(r -> !r.startsWith("GET"))
        .singleElement()
        .satisfies(r -> assertThat(r).startsWith("POST ").endsWith("/dns_records/batch"));
    assertThat(ids(name)).isEqualTo(idsBefore);
    assertThat(adapter.read(List.of(after.key()))).containsExactly(after);
  }

  private java.util.Set<String> ids(String name) {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    stub.recordsNamed(name).forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  @Test
  void aNewDomainsRecordsGoInOneRequestWithoutLookingThemUpFirst() throws Exception {
    String domain = uniqueName("one");
    ChangeSet records =
        create(
            new RecordSet(domain, RecordType.TXT, 300, List.of("v=spf1 mx -all")),
            new RecordSet("s1._domainkey." + domain, RecordType.TXT, 300, List.of(LONG_DKIM)),
            new RecordSet("_dmarc." + domain, RecordType.TXT, 300, List.of("v=DMARC1; p=none")),
            new RecordSet("bounce." + domain, RecordType.MX, 300, List.of("10 mx.example.net")),
            new RecordSet("clicks." + domain, RecordType.CNAME, 300, List.of("t.example.net")));
    stub.requests.clear();
    adapter.apply(records);
    assertThat(stub.requests)
        .filteredOn(r -> r.contains("dns_records"))
        .containsExactly("POST /zones/" + zoneId + "/dns_records/batch");
    assertThat(adapter.read(new java.util.ArrayList<>(records.keys())))
        .containsExactlyInAnyOrderElementsOf(records.creates());
  }

  @Test
  void aSetOfMoreValuesThanOneBatchHoldsGoesOutInSeveralInOrder() throws Exception {
    List<String> values =
        java.util.stream.IntStream.range(0, 450).mapToObj(i -> String.format("t-%03d", i)).toList();
    RecordSet big = new RecordSet(uniqueName("huge"), RecordType.TXT, 300, values);
    int before = stub.batches.get();
    adapter.apply(create(big));
    assertThat(stub.batches.get() - before).isEqualTo(3);
    assertThat(adapter.read(List.of(big.key()))).containsExactly(big);
  }

  @Test
  void moreThanTheFreePlansTwoHundredOperationsIsNeverCalledAtomic() {
    List<String> values = java.util.stream.IntStream.range(0, 201).mapToObj(i -> "v" + i).toList();
    RecordSet big = new RecordSet(uniqueName("big"), RecordType.TXT, 300, values);
    assertThat(adapter.appliesAtomically(create(big))).isFalse();
    assertThat(
            adapter.appliesAtomically(
                create(new RecordSet(big.name(), RecordType.TXT, 300, values.subList(0, 200)))))
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "TXT   | \"v=spf1 \" \"-all\" |      | v=spf1 -all",
        "TXT   | v=spf1 -all          |      | v=spf1 -all",
        "MX    | MX.Example.NET       | 10   | 10 mx.example.net",
        "CNAME | track.example.net    |      | track.example.net"
      })
  void recordsAreReadInEitherTxtFormAndAsNormalizedHosts(
      String type, String content, Integer priority, String value) throws Exception {
    var node = new ObjectMapper().createObjectNode().put("content", content);
    if (priority != null) {
      node.put("priority", priority);
    }
    assertThat(CloudflareAdapter.valueOf(RecordType.valueOf(type), node)).isEqualTo(value);
  }

  @Test
  void theRegistryFactoryReadsTheTokenFromTheReferencedSecret() throws Exception {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.cloudflare = spec(ZONE, null);
    spec.cloudflare.apiTokenSecretRef = new SecretKeySelector("cloudflare", "token");
    List<String> asked = new java.util.ArrayList<>();
    SecretResolver secrets =
        (ns, ref) -> {
          asked.add(ns + "/" + ref.name + "/" + ref.key);
          return TOKEN;
        };
    RecordSet s = new RecordSet(uniqueName("reg"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    DnsProviderAdapter fromSpec = CloudflareAdapter.fromSpec(spec, "mail", secrets);
    fromSpec.apply(create(s));
    assertThat(fromSpec.read(List.of(s.key()))).containsExactly(s);
    assertThat(asked).containsExactly("mail/cloudflare/token");

    spec.cloudflare.apiTokenSecretRef = null;
    assertThat(
            catchThrowableOfType(
                    DnsProviderException.class,
                    () -> CloudflareAdapter.fromSpec(spec, "mail", secrets))
                .reason())
        .isEqualTo(ProviderFailure.InvalidProvider);
  }

  @Test
  void aSetLargerThanOnePageIsReadAcrossAllPages() throws Exception {
    List<String> values =
        java.util.stream.IntStream.range(0, 150)
            .mapToObj(i -> String.format("token-%03d", i))
            .toList();
    RecordSet big = new RecordSet(uniqueName("paged"), RecordType.TXT, 300, values);
    adapter.apply(create(big));
    stub.requests.clear();
    assertThat(adapter.read(List.of(big.key()))).containsExactly(big);
    assertThat(stub.requests).filteredOn(r -> r.contains("dns_records")).hasSize(2);
  }

  @Test
  void aServerThatNeverAnswersIsATransientUnreachableTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CloudflareApi api =
          new CloudflareApi(
              java.net.URI.create("http://127.0.0.1:" + silent.getLocalPort()),
              TOKEN,
              java.net.http.HttpClient.newHttpClient(),
              Duration.ofMillis(300),
              backoff());
      DnsProviderException e =
          catchThrowableOfType(
              DnsProviderException.class,
              () -> new CloudflareAdapter(api, ZONE, zoneId).read(List.of(txt("slow", "x").key())));
      assertThat(e.reason()).isEqualTo(ProviderFailure.Unreachable);
      assertThat(e.permanent()).isFalse();
      assertThat(e.getMessage()).contains("timed out").doesNotContain(TOKEN);
    }
  }
}
