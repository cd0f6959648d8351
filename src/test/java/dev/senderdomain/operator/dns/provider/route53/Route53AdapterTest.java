package dev.senderdomain.operator.dns.provider.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import dev.senderdomain.operator.dns.provider.TxtCharacterStrings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Route 53 adapter (real AWS SDK v2 client, SigV4 signing, REST/XML marshalling) against {@link
 * Route53Stub}, a recorded-contract stub of the documented Route 53 API running in-process on
 * 127.0.0.1 through the SDK's endpoint override - not against AWS, which cannot run here. The tests
 * prove the adapter sends what Route 53 documents (one ChangeBatch, CREATE/UPSERT/DELETE, quoted
 * 255-character TXT strings) and classifies its documented errors; they cannot prove AWS still
 * behaves as documented.
 */
class Route53AdapterTest extends DnsProviderContract {
  private static final String KEY_ID = "AKIASTUBEXAMPLE00001";
  private static final String SECRET = "stub/Secret+Access+Key/0123456789abcdefghij";
  private static final String ZONE = "contract.test";

  private Route53Stub stub;
  private String zoneId;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private DnsProviderAdapter adapter;

  @BeforeEach
  void startStub() throws Exception {
    stub = new Route53Stub(KEY_ID, SECRET);
    zoneId = stub.addZone(ZONE, false);
    adapter = Route53Adapter.create(spec(ZONE, null), KEY_ID, SECRET, backoff());
  }

  @AfterEach
  void stopStub() {
    adapter.close();
    stub.close();
  }

  private Backoff backoff() {
    return new Backoff(4, Duration.ofMillis(500), Duration.ofSeconds(4), sleeps::add);
  }

  private DnsProviderSpec.Route53 spec(String zone, String hostedZoneId) {
    DnsProviderSpec.Route53 s = new DnsProviderSpec.Route53();
    s.zone = zone;
    s.hostedZoneId = hostedZoneId;
    s.endpoint = stub.endpoint();
    s.region = "us-east-1";
    return s;
  }

  @Override
  protected DnsProviderAdapter adapter() {
    return adapter;
  }

  @Override
  protected java.util.OptionalLong writeRequests() {
    return java.util.OptionalLong.of(stub.changeRequests.get());
  }

  @Override
  protected String zone() {
    return ZONE;
  }

  @Test
  void throttlingIsRetriedWithBackoffThenTheChangeIsMade() throws Exception {
    stub.failNext(1, 400, "Throttling", "Rate exceeded");
    stub.failNext(
        1,
        400,
        "PriorRequestNotComplete",
        "The request was rejected because Route 53 was still " + "processing a prior request.");
    RecordSet s = new RecordSet(uniqueName("thr"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    adapter.apply(create(s));
    assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(adapter.read(List.of(s.key()))).containsExactly(s);
  }

  @Test
  void domainsSharingOneBudgetStayUnderFiveRequestsASecondAndAreNeverThrottled() throws Exception {
    RecordSet s = new RecordSet(uniqueName("budget"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    adapter.apply(create(s));
    stub.limit(5);
    // One under the limit: the stub counts arrivals, the budget counts sends.
    RequestBudget budget = new RequestBudget(4, Duration.ofSeconds(1));
    DnsProviderAdapter one =
        Route53Adapter.create(spec(ZONE, zoneId), KEY_ID, SECRET, backoff().withBudget(budget));
    DnsProviderAdapter two =
        Route53Adapter.create(spec(ZONE, zoneId), KEY_ID, SECRET, backoff().withBudget(budget));

    for (int i = 0; i < 6; i++) {
      assertThat(one.read(List.of(s.key()))).containsExactly(s);
      assertThat(two.read(List.of(s.key()))).containsExactly(s);
    }

    assertThat(stub.throttled).hasValue(0);
  }

  /**
   * Eighty domains' records (about 38,000 characters of values) queued behind one held request,
   * under the documented rate limit: the batcher packs them into as few change batches as the
   * documented quotas allow (the stub refuses a batch over 1,000 records or 32,000 characters), the
   * budget keeps every request under the limit, and every record is served.
   */
  @Test
  void domainsQueuedUnderTheRateLimitGoOutInFewBatchesWithinTheQuotas() throws Exception {
    stub.limit(5);
    DnsProviderAdapter limited =
        Route53Adapter.create(
            spec(ZONE, zoneId),
            KEY_ID,
            SECRET,
            backoff().withBudget(new RequestBudget(4, Duration.ofSeconds(1))));
    List<ChangeSet> changes = new ArrayList<>();
    List<RecordSet> wanted = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      String domain = uniqueName("q" + i);
      List<RecordSet> sets =
          List.of(
              new RecordSet(domain, RecordType.TXT, 300, List.of("v=spf1 mx -all")),
              new RecordSet("s1._domainkey." + domain, RecordType.TXT, 300, List.of(LONG_DKIM)),
              new RecordSet("_dmarc." + domain, RecordType.TXT, 300, List.of("v=DMARC1; p=none")));
      changes.add(new ChangeSet(sets, List.of(), List.of()));
      wanted.addAll(sets);
    }
    int before = stub.changeRequests.get();

    HeldQueue run = runWithTheFirstHeld(limited, changes);

    assertThat(run.outcomes()).containsOnly("applied");
    // The held one, then the 79 behind it in two batches: one alone would not fit the quotas.
    assertThat(run.batcher().requests()).isEqualTo(3);
    assertThat(stub.changeRequests.get() - before).isEqualTo(3);
    assertThat(stub.throttled).hasValue(0);
    stub.limit(0);
    List<RecordSet> listed = adapter.readZone(adapter.zoneFor(ZONE).orElseThrow()).orElseThrow();
    assertThat(listed).containsAll(wanted);
  }

  @Test
  void aChangeBatchOverTheQuotasIsNotCalledAtomicSoItIsNeverMerged() {
    List<RecordSet> sets = new ArrayList<>();
    for (int i = 0; i < 1_001; i++) {
      sets.add(new RecordSet(uniqueName("e" + i), RecordType.TXT, 300, List.of("x")));
    }
    assertThat(
            adapter.appliesAtomically(new ChangeSet(sets.subList(0, 1_000), List.of(), List.of())))
        .isTrue();
    assertThat(adapter.appliesAtomically(new ChangeSet(sets, List.of(), List.of()))).isFalse();
    // UPSERT counts twice: 501 updates are 1,002 records.
    List<ChangeSet.Update> updates =
        sets.subList(0, 501).stream().map(s -> new ChangeSet.Update(s, s)).toList();
    assertThat(adapter.appliesAtomically(new ChangeSet(List.of(), updates, List.of()))).isFalse();
    RecordSet wide =
        new RecordSet(uniqueName("wide"), RecordType.TXT, 300, List.of("y".repeat(31_990)));
    assertThat(adapter.appliesAtomically(create(wide))).isFalse();
  }

  @Test
  void throttlingAnswersAreWaitedOutNotReportedAsFailures() throws Exception {
    RecordSet s = new RecordSet(uniqueName("absorbed"), RecordType.TXT, 300, List.of("x"));
    adapter.apply(create(s));
    stub.limit(5);
    DnsProviderAdapter eager =
        Route53Adapter.create(
            spec(ZONE, zoneId),
            KEY_ID,
            SECRET,
            Backoff.standard().withBudget(new RequestBudget(100, Duration.ofSeconds(1))));

    for (int i = 0; i < 12; i++) {
      assertThat(eager.read(List.of(s.key()))).containsExactly(s);
    }

    assertThat(stub.throttled.get()).isPositive();
  }

  @Test
  void persistentThrottlingIsATransientRateLimited() {
    stub.failNext(10, 400, "Throttling", "Rate exceeded");
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () -> adapter.read(List.of(new RecordKey(uniqueName("thr"), RecordType.TXT))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.RateLimited);
    assertThat(e.permanent()).isFalse();
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(stub.requests).hasSize(4);
  }

  @Test
  void allChangesOfAZoneGoInOneBatchWithCreateUpsertAndDelete() throws Exception {
    RecordSet gone =
        new RecordSet(uniqueName("gone"), RecordType.MX, 300, List.of("10 mx.example.net"));
    RecordSet before = new RecordSet(uniqueName("upd"), RecordType.TXT, 300, List.of("a"));
    adapter.apply(create(gone, before));
    stub.requests.clear();
    RecordSet after = new RecordSet(before.name(), RecordType.TXT, 600, List.of("b"));
    RecordSet fresh =
        new RecordSet(uniqueName("new"), RecordType.CNAME, 300, List.of("track.example.net"));
    adapter.apply(
        new ChangeSet(List.of(fresh), List.of(new ChangeSet.Update(before, after)), List.of(gone)));
    assertThat(stub.requests).filteredOn(r -> r.startsWith("POST")).hasSize(1);
    assertThat(adapter.read(List.of(gone.key(), after.key(), fresh.key())))
        .containsExactlyInAnyOrder(after, fresh);
  }

  @Test
  void aLongTxtIsSentAsQuotedStringsOfAtMost255Characters() throws Exception {
    RecordSet dkim =
        new RecordSet(
            "s1._domainkey." + uniqueName("dkim"), RecordType.TXT, 300, List.of(LONG_DKIM));
    adapter.apply(create(dkim));
    String stored =
        stub.sets(zoneId).stream()
            .filter(s -> s.name().equals(dkim.name() + "."))
            .findFirst()
            .orElseThrow()
            .values()
            .get(0);
    assertThat(TxtCharacterStrings.parse(stored))
        .hasSizeGreaterThan(1)
        .allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
    assertThat(stored).startsWith("\"").endsWith("\"");
  }

  @Test
  void aBatchRoute53RefusesIsPermanentRejectedWithItsMessage() throws Exception {
    RecordSet s = new RecordSet(uniqueName("dup"), RecordType.TXT, 300, List.of("x"));
    adapter.apply(create(s));
    DnsProviderException e =
        catchThrowableOfType(DnsProviderException.class, () -> adapter.apply(create(s)));
    assertThat(e.reason()).isEqualTo(ProviderFailure.Rejected);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("already exists");
  }

  @Test
  void wrongCredentialsArePermanentUnauthorizedAndNeverShown() {
    String otherId = "AKIAOTHERKEY00000002";
    String otherSecret = "other/secret/value/do-not-print";
    DnsProviderAdapter wrong =
        Route53Adapter.create(spec(ZONE, zoneId), otherId, otherSecret, backoff());
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () -> wrong.read(List.of(new RecordKey(uniqueName("auth"), RecordType.TXT))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage())
        .doesNotContain(otherSecret)
        .doesNotContain(otherId)
        .doesNotContain(SECRET);
    assertThat(wrong.toString()).doesNotContain(otherId).doesNotContain(otherSecret);
    wrong.close();
  }

  @Test
  void theRightKeyIdWithAWrongSecretFailsTheSignatureAndIsUnauthorized() {
    String wrongSecret = "wrong/secret/for/the/right/key/id/000000";
    DnsProviderAdapter wrong =
        Route53Adapter.create(spec(ZONE, zoneId), KEY_ID, wrongSecret, backoff());
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () ->
                wrong.apply(
                    create(new RecordSet(uniqueName("sig"), RecordType.TXT, 300, List.of("x")))));
    assertThat(e.reason()).isEqualTo(ProviderFailure.Unauthorized);
    assertThat(e.getMessage())
        .contains("SignatureDoesNotMatch")
        .doesNotContain(wrongSecret)
        .doesNotContain(KEY_ID);
    assertThat(stub.sets(zoneId)).isEmpty();
    wrong.close();
  }

  @Test
  void withoutZoneTheLongestPublicHostedZoneAboveTheNameIsUsed() throws Exception {
    stub.addZone("mail." + ZONE, true); // private: never chosen
    String publicSub = stub.addZone("mail." + ZONE, false);
    DnsProviderAdapter discovering =
        Route53Adapter.create(spec(null, null), KEY_ID, SECRET, backoff());
    RecordSet dmarc =
        new RecordSet("_dmarc.mail." + ZONE, RecordType.TXT, 300, List.of("v=DMARC1; p=none"));
    discovering.apply(create(dmarc));
    assertThat(stub.sets(publicSub))
        .extracting(Route53Stub.Rrset::name)
        .containsExactly(dmarc.name() + ".");
    assertThat(discovering.read(List.of(dmarc.key()))).containsExactly(dmarc);
    discovering.close();
  }

  @Test
  void anUnknownHostedZoneIsAPermanentZoneNotFound() {
    for (DnsProviderAdapter a :
        List.of(
            Route53Adapter.create(spec(null, "/hostedzone/ZNOSUCHZONE"), KEY_ID, SECRET, backoff()),
            Route53Adapter.create(spec("absent.test", null), KEY_ID, SECRET, backoff()))) {
      DnsProviderException e =
          catchThrowableOfType(
              DnsProviderException.class,
              () -> a.read(List.of(new RecordKey("_dmarc.absent.test", RecordType.TXT))));
      assertThat(e.reason()).isEqualTo(ProviderFailure.ZoneNotFound);
      assertThat(e.permanent()).isTrue();
      a.close();
    }
  }

  @Test
  void serverErrorsAndRefusedConnectionsAreTransientUnreachable() throws Exception {
    stub.failNext(1, 503, "ServiceUnavailable", "Service is unavailable");
    DnsProviderException e5xx =
        catchThrowableOfType(
            DnsProviderException.class,
            () -> adapter.read(List.of(new RecordKey(uniqueName("x"), RecordType.TXT))));
    assertThat(e5xx.reason()).isEqualTo(ProviderFailure.Unreachable);
    assertThat(e5xx.permanent()).isFalse();

    DnsProviderSpec.Route53 spec = spec(ZONE, zoneId);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      spec.endpoint = "http://127.0.0.1:" + s.getLocalPort();
    }
    DnsProviderAdapter down = Route53Adapter.create(spec, KEY_ID, SECRET, backoff());
    DnsProviderException refused =
        catchThrowableOfType(
            DnsProviderException.class,
            () -> down.read(List.of(new RecordKey(uniqueName("x"), RecordType.TXT))));
    assertThat(refused.reason()).isEqualTo(ProviderFailure.Unreachable);
    assertThat(refused.permanent()).isFalse();
    assertThat(refused.getMessage()).doesNotContain(SECRET);
    down.close();
  }

  @Test
  void onlyOneOfTheTwoCredentialsIsRefusedNamingTheMissingRef() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> Route53Adapter.create(spec(ZONE, null), KEY_ID, null)))
        .hasMessageContaining("secretAccessKeySecretRef")
        .hasMessageNotContaining(KEY_ID);
  }

  @Test
  void theRegistryFactoryReadsBothKeysFromTheReferencedSecrets() throws Exception {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.route53 = spec(ZONE, zoneId);
    spec.route53.accessKeyIdSecretRef = new SecretKeySelector("aws", "AWS_ACCESS_KEY_ID");
    spec.route53.secretAccessKeySecretRef = new SecretKeySelector("aws", "AWS_SECRET_ACCESS_KEY");
    SecretResolver secrets = (ns, ref) -> ref.key.equals("AWS_ACCESS_KEY_ID") ? KEY_ID : SECRET;
    RecordSet s = new RecordSet(uniqueName("reg"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    DnsProviderAdapter fromSpec = Route53Adapter.fromSpec(spec, "mail", secrets);
    fromSpec.apply(create(s));
    assertThat(fromSpec.read(List.of(s.key()))).containsExactly(s);
    fromSpec.close();

    spec.route53.secretAccessKeySecretRef = null;
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class, () -> Route53Adapter.fromSpec(spec, "mail", secrets));
    assertThat(e.reason()).isEqualTo(ProviderFailure.InvalidProvider);
    assertThat(e.getMessage()).contains("secretAccessKeySecretRef");
  }

  @Test
  void anEndpointThatNeverAnswersIsATransientUnreachableTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var client =
            software.amazon.awssdk.services.route53.Route53Client.builder()
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
                .credentialsProvider(
                    software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                            KEY_ID, SECRET)))
                .httpClient(
                    software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(
                    o ->
                        o.apiCallTimeout(Duration.ofMillis(500))
                            .retryStrategy(
                                software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build()) {
      DnsProviderException e =
          catchThrowableOfType(
              DnsProviderException.class,
              () ->
                  new Route53Adapter(client, zoneId, ZONE, KEY_ID, backoff())
                      .read(List.of(new RecordKey(uniqueName("slow"), RecordType.TXT))));
      assertThat(e.reason()).isEqualTo(ProviderFailure.Unreachable);
      assertThat(e.permanent()).isFalse();
      assertThat(e.getMessage()).doesNotContain(SECRET);
    }
  }
}
