package dev.senderdomain.operator.dns.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.PlanResult;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.publish.ChangeBatcher;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DnsProviderAdapter} must show, whatever it talks to. A provider's test
 * extends this, starts (or stubs) its server with zone {@link #zone()} and returns an adapter for
 * it.
 */
public abstract class DnsProviderContract {
  /** A 2048-bit RSA DKIM value: longer than one 255-octet TXT string (RFC 1035 3.3.14). */
  protected static final String LONG_DKIM =
      "v=DKIM1; k=rsa; p="
          + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
          + "x".repeat(340)
          + "IDAQAB";

  protected abstract DnsProviderAdapter adapter();

  /** The zone the server is authoritative for, e.g. {@code contract.test}. */
  protected abstract String zone();

  /** A fresh owner name per test so tests never see each other's records. */
  protected String uniqueName(String label) {
    return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "." + zone();
  }

  protected List<RecordSet> read(RecordSet... sets) throws DnsProviderException {
    return adapter().read(java.util.Arrays.stream(sets).map(RecordSet::key).toList());
  }

  protected static ChangeSet create(RecordSet... sets) {
    return new ChangeSet(List.of(sets), List.of(), List.of());
  }

  @Test
  void createdRecordSetsAreReadBackWithTheirValuesAndTtl() throws Exception {
    RecordSet txt =
        new RecordSet(
            uniqueName("spf"), RecordType.TXT, 300, List.of("v=spf1 ip4:192.0.2.0/24 -all"));
    RecordSet mx =
        new RecordSet(
            uniqueName("bounce"),
            RecordType.MX,
            300,
            List.of("10 mx1.mailer.example.net", "20 mx2.mailer.example.net"));
    RecordSet cname =
        new RecordSet(
            uniqueName("clicks"), RecordType.CNAME, 300, List.of("track.mailer.example.net"));
    adapter().apply(create(txt, mx, cname));
    assertThat(read(txt, mx, cname)).containsExactlyInAnyOrder(txt, sorted(mx), cname);
  }

  @Test
  void aTxtValueLongerThan255OctetsComesBackWhole() throws Exception {
    RecordSet dkim =
        new RecordSet(
            "sel1._domainkey." + uniqueName("long"), RecordType.TXT, 300, List.of(LONG_DKIM));
    adapter().apply(create(dkim));
    assertThat(read(dkim)).containsExactly(dkim);
  }

  @Test
  void anUpdateReplacesTheSetAndKeepsForeignValuesItCarries() throws Exception {
    String name = uniqueName("apex");
    RecordSet before =
        new RecordSet(
            name,
            RecordType.TXT,
            300,
            List.of("google-site-verification=abc123", "v=spf1 ip4:192.0.2.1 -all"));
    adapter().apply(create(before));
    RecordSet after =
        new RecordSet(
            name,
            RecordType.TXT,
            300,
            List.of("google-site-verification=abc123", "v=spf1 ip4:192.0.2.2 -all"));
    adapter()
        .apply(new ChangeSet(List.of(), List.of(new ChangeSet.Update(before, after)), List.of()));
    assertThat(read(after)).hasSize(1);
    assertThat(read(after).get(0).values()).containsExactlyInAnyOrderElementsOf(after.values());
  }

  @Test
  void aDeleteRemovesOnlyThatSet() throws Exception {
    String name = uniqueName("both");
    RecordSet txt = new RecordSet(name, RecordType.TXT, 300, List.of("keep me"));
    RecordSet mx = new RecordSet(name, RecordType.MX, 300, List.of("10 mx.example.net"));
    adapter().apply(create(txt, mx));
    adapter().apply(new ChangeSet(List.of(), List.of(), List.of(mx)));
    assertThat(adapter().read(List.of(txt.key(), mx.key()))).containsExactly(txt);
  }

  @Test
  void readingSetsThatDoNotExistReturnsNothing() throws Exception {
    assertThat(adapter().read(List.of(new RecordKey(uniqueName("absent"), RecordType.TXT))))
        .isEmpty();
  }

  /**
   * The operator's own read-plan-apply cycle (the one {@code DomainPublisher} runs on every
   * reconcile), twice with the same desired records: what the adapter reads back must be what it
   * wrote, in every detail the planner compares (TXT strings joined, host names normalized, TTL),
   * or every resync would write again.
   */
  @Test
  void applyingTheSameDesiredStateTwiceWritesNothingTheSecondTime() throws Exception {
    String domain = uniqueName("idem");
    List<DnsRecord> desired =
        List.of(
            new DnsRecord(domain, RecordType.TXT, 300, "v=spf1 ip4:192.0.2.0/24 -all"),
            new DnsRecord("sel1._domainkey." + domain, RecordType.TXT, 300, LONG_DKIM),
            new DnsRecord("_dmarc." + domain, RecordType.TXT, 300, "v=DMARC1; p=none"),
            new DnsRecord("bounce." + domain, RecordType.MX, 300, "10 mx1.mailer.example.net"),
            new DnsRecord("clicks." + domain, RecordType.CNAME, 300, "track.mailer.example.net"));
    Owner owner = new Owner("contract", "idem");

    PlanResult first =
        DomainPublisher.plan(adapter(), owner, domain, desired, PlanOptions.DEFAULT).result();
    assertThat(first.changes().creates()).hasSize(desired.size() + 1); // and the ownership marker
    adapter().apply(first.changes());
    List<RecordKey> keys = first.expected().stream().map(RecordSet::key).toList();
    List<RecordSet> written = adapter().read(keys);
    assertThat(written).containsExactlyInAnyOrderElementsOf(first.expected());

    PlanResult second =
        DomainPublisher.plan(adapter(), owner, domain, desired, PlanOptions.DEFAULT).result();
    assertThat(second.changes().isEmpty()).as("%s", second.changes().describe()).isTrue();
    assertThat(second.conflicts()).isEmpty();
    adapter().apply(second.changes());
    assertThat(adapter().read(keys)).containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void anUpdateThatOnlyChangesTheTtlIsApplied() throws Exception {
    RecordSet before =
        new RecordSet(uniqueName("ttl"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    adapter().apply(create(before));
    RecordSet after = new RecordSet(before.name(), RecordType.TXT, 900, before.values());
    adapter()
        .apply(new ChangeSet(List.of(), List.of(new ChangeSet.Update(before, after)), List.of()));
    assertThat(read(after)).containsExactly(after);
  }

  @Test
  void aSetHoldingALongAndAShortTxtValueKeepsThemApart() throws Exception {
    RecordSet set =
        new RecordSet(
            "sel2._domainkey." + uniqueName("mixed"),
            RecordType.TXT,
            300,
            List.of("short=1", LONG_DKIM).stream().sorted().toList());
    adapter().apply(create(set));
    assertThat(read(set)).containsExactly(set);
  }

  @Test
  void aZoneListingHoldsWhatReadingEachSetReturns() throws Exception {
    String name = uniqueName("listing");
    RecordSet spf = new RecordSet(name, RecordType.TXT, 300, List.of("v=spf1 -all"));
    RecordSet dkim =
        new RecordSet("s1._domainkey." + name, RecordType.TXT, 300, List.of(LONG_DKIM));
    RecordSet mx =
        new RecordSet("bounce." + name, RecordType.MX, 300, List.of("10 mx.example.net"));
    adapter().apply(create(spf, dkim, mx));

    java.util.Optional<String> zone = adapter().zoneFor(name);
    // A provider that cannot list whole zones says so by not naming one; it is then read per set.
    org.junit.jupiter.api.Assumptions.assumeTrue(zone.isPresent());
    java.util.Optional<List<RecordSet>> listing = adapter().readZone(zone.get());
    org.junit.jupiter.api.Assumptions.assumeTrue(listing.isPresent());
    List<RecordSet> ours =
        listing.get().stream()
            .filter(s -> s.name().equals(name) || s.name().endsWith("." + name))
            .toList();
    assertThat(ours).containsExactlyInAnyOrderElementsOf(read(spf, dkim, mx));
    assertThat(ours).hasSize(3);
  }

  /**
   * A change the provider refuses once {@code existing} is there (by default: creating it again,
   * which RFC 2136 refuses by its prerequisite and Route 53 as "already exists"); providers that
   * replace or add on create override it, null when the provider refuses nothing when written.
   */
  protected ChangeSet refusedChange(RecordSet existing) {
    return create(
        new RecordSet(existing.name(), existing.type(), existing.ttl(), List.of("v=spf1 ~all")));
  }

  /** Write requests the provider has received, when the test can count them; else empty. */
  protected java.util.OptionalLong writeRequests() {
    return java.util.OptionalLong.empty();
  }

  /**
   * A set now at the provider, whose {@link #refusedChange} the provider refuses; the test is
   * skipped where the provider refuses nothing when written.
   */
  private RecordSet takenSet() throws DnsProviderException {
    RecordSet existing =
        new RecordSet(uniqueName("taken"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        refusedChange(existing) != null, adapter().name() + " refuses no change when written");
    adapter().apply(create(existing));
    return existing;
  }

  /**
   * What {@link DnsProviderAdapter#appliesAtomically} promises, checked at the provider: a request
   * carrying several domains' changes of which one is refused changes nothing at all.
   */
  @Test
  void aRequestTheAdapterCallsAtomicChangesNothingWhenOneOfItsChangesIsRefused() throws Exception {
    RecordSet existing = takenSet();
    RecordSet fresh1 =
        new RecordSet(
            "s1._domainkey." + uniqueName("one"), RecordType.TXT, 300, List.of(LONG_DKIM));
    RecordSet fresh2 =
        new RecordSet(uniqueName("two"), RecordType.TXT, 300, List.of("v=spf1 -all"));
    ChangeSet merged = create(fresh1).plus(refusedChange(existing)).plus(create(fresh2));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        adapter().appliesAtomically(merged), adapter().name() + " sends one request per record");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> adapter().apply(merged))
        .isInstanceOf(DnsProviderException.class);
    assertThat(read(fresh1, fresh2)).isEmpty();
    assertThat(read(existing)).containsExactly(existing);
  }

  /**
   * Group commit through {@link ChangeBatcher}: while one domain's request is held at the provider,
   * eleven more domains queue; they go out together in one request where the adapter applies them
   * atomically (one at a time where it cannot), every record is served, and the one domain whose
   * change is refused gets its own failure while the others are written.
   */
  @Test
  void domainsQueuedBehindARequestShareTheNextAndOnlyTheRefusedOneFails() throws Exception {
    RecordSet existing = takenSet();
    List<ChangeSet> changes = new ArrayList<>();
    List<RecordSet> wanted = new ArrayList<>();
    for (int i = 0; i <= QUEUED; i++) {
      String domain = uniqueName("d" + i);
      RecordSet spf = new RecordSet(domain, RecordType.TXT, 300, List.of("v=spf1 mx -all"));
      RecordSet dkim =
          new RecordSet("s1._domainkey." + domain, RecordType.TXT, 300, List.of(LONG_DKIM));
      RecordSet dmarc =
          new RecordSet("_dmarc." + domain, RecordType.TXT, 300, List.of("v=DMARC1; p=none"));
      changes.add(create(spf, dkim, dmarc));
      if (i != REFUSED) {
        wanted.addAll(List.of(spf, dkim, dmarc));
      }
    }
    changes.set(REFUSED, changes.get(REFUSED).plus(refusedChange(existing)));
    boolean merges = adapter().appliesAtomically(behindTheFirst(changes));
    long writesBefore = writeRequests().orElse(0);

    HeldQueue run = runWithTheFirstHeld(changes);

    for (int i = 0; i <= QUEUED; i++) {
      if (i == REFUSED) {
        assertThat(run.outcomes().get(i)).isInstanceOf(DnsProviderException.class);
      } else {
        assertThat(run.outcomes().get(i)).as("domain %d", i).isEqualTo("applied");
      }
    }
    assertThat(adapter().read(wanted.stream().map(RecordSet::key).toList()))
        .containsExactlyInAnyOrderElementsOf(wanted);
    assertThat(read(existing)).containsExactly(existing);
    if (merges) {
      // The held request, the merged one (refused whole), then halves down to the refused one:
      // fewer requests than sending each of the eleven again on its own.
      assertThat(run.batcher().requests()).isBetween(4L, (long) QUEUED);
      assertThat(run.batcher().resent()).isGreaterThanOrEqualTo(QUEUED);
    } else {
      assertThat(run.batcher().requests()).isEqualTo(1 + QUEUED);
      assertThat(run.batcher().resent()).isZero();
    }
    java.util.OptionalLong writes = writeRequests();
    if (writes.isPresent()) {
      assertThat(writes.getAsLong() - writesBefore)
          .isGreaterThanOrEqualTo(run.batcher().requests());
    }
  }

  /**
   * Without a refusal the same queue costs two requests where the adapter merges: the held one and
   * one for the eleven behind it.
   */
  @Test
  void elevenDomainsQueuedBehindARequestGoOutInOneWhereTheAdapterMerges() throws Exception {
    List<ChangeSet> changes = new ArrayList<>();
    List<RecordSet> wanted = new ArrayList<>();
    for (int i = 0; i <= QUEUED; i++) {
      String domain = uniqueName("m" + i);
      RecordSet dkim =
          new RecordSet("s1._domainkey." + domain, RecordType.TXT, 300, List.of(LONG_DKIM));
      RecordSet bounce =
          new RecordSet("bounce." + domain, RecordType.MX, 300, List.of("10 mx.example.net"));
      changes.add(create(dkim, bounce));
      wanted.addAll(List.of(dkim, bounce));
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(
        adapter().appliesAtomically(behindTheFirst(changes)),
        adapter().name() + " sends one request per record");
    long writesBefore = writeRequests().orElse(0);

    HeldQueue run = runWithTheFirstHeld(changes);

    assertThat(run.outcomes()).containsOnly("applied");
    assertThat(run.batcher().requests()).isEqualTo(2);
    assertThat(adapter().read(wanted.stream().map(RecordSet::key).toList()))
        .containsExactlyInAnyOrderElementsOf(wanted);
    java.util.OptionalLong writes = writeRequests();
    if (writes.isPresent()) {
      assertThat(writes.getAsLong() - writesBefore).isEqualTo(2);
    }
  }

  private static final int QUEUED = 11;
  private static final int REFUSED = 7;

  private static ChangeSet behindTheFirst(List<ChangeSet> changes) {
    ChangeSet all = changes.get(1);
    for (int i = 2; i < changes.size(); i++) {
      all = all.plus(changes.get(i));
    }
    return all;
  }

  /** The batcher the changes went through, and each change set's outcome in order. */
  protected record HeldQueue(ChangeBatcher batcher, List<Object> outcomes) {}

  /**
   * Applies the first change set through a {@link ChangeBatcher} and holds its request at the
   * adapter until every other change set is queued behind it, so what follows does not depend on
   * thread timing.
   */
  private HeldQueue runWithTheFirstHeld(List<ChangeSet> changes) throws Exception {
    return runWithTheFirstHeld(adapter(), changes);
  }

  /** The same through {@code target}. */
  protected static HeldQueue runWithTheFirstHeld(DnsProviderAdapter target, List<ChangeSet> changes)
      throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    AtomicReference<ChangeBatcher> batcherRef = new AtomicReference<>();
    AtomicBoolean first = new AtomicBoolean(true);
    int behind = changes.size() - 1;
    ChangeBatcher batcher =
        new ChangeBatcher(
            new ForwardingAdapter(target) {
              @Override
              public void apply(ChangeSet c) throws DnsProviderException {
                if (first.getAndSet(false)) {
                  held.countDown();
                  while (batcherRef.get().waiting() < behind) {
                    Thread.onSpinWait();
                  }
                }
                super.apply(c);
              }
            });
    batcherRef.set(batcher);
    ExecutorService pool = Executors.newFixedThreadPool(changes.size());
    try {
      List<Future<Object>> results = new ArrayList<>();
      results.add(pool.submit(() -> apply(batcher, changes.get(0))));
      assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
      for (ChangeSet c : changes.subList(1, changes.size())) {
        results.add(pool.submit(() -> apply(batcher, c)));
      }
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> f : results) {
        outcomes.add(f.get(60, TimeUnit.SECONDS));
      }
      return new HeldQueue(batcher, outcomes);
    } finally {
      pool.shutdownNow();
    }
  }

  /** "applied", or the failure the batcher threw for this change set. */
  private static Object apply(ChangeBatcher batcher, ChangeSet changes) {
    try {
      batcher.apply(changes);
      return "applied";
    } catch (DnsProviderException | RuntimeException e) {
      return e;
    }
  }

  private static RecordSet sorted(RecordSet s) {
    return new RecordSet(s.name(), s.type(), s.ttl(), s.values().stream().sorted().toList());
  }
}
