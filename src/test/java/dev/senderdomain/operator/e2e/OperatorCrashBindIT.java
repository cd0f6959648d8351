package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.awaitValue;
import static dev.senderdomain.operator.testsupport.OperatorBench.is;
import static dev.senderdomain.operator.testsupport.OperatorBench.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyState;
import dev.senderdomain.operator.dkim.DkimSecretCodec;
import dev.senderdomain.operator.dkim.KeyRing;
import dev.senderdomain.operator.dkim.Selectors;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.reconciler.RecordPublisher;
import dev.senderdomain.operator.testsupport.OperatorBench;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator stopped at the awkward moments of a key rotation and started again (a new {@code
 * OperatorRuntime} on the same CRUD mock API and the same BIND 9): nothing is lost, nothing
 * duplicated, no stored key regenerated, and the Secret and DNS converge. A crash is a DNS seam
 * that throws once the moment has come and keeps throwing until the operator is replaced, so
 * nothing after that point of the reconcile happens.
 */
class OperatorCrashBindIT {
  static final Duration RESYNC = Duration.ofMillis(400);
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final String SECRET = "shop-dkim";

  OperatorBench bench;

  /**
   * Every private key PEM ever seen in the Secret, by selector: a key must never change once
   * stored.
   */
  final Map<String, String> keysSeen = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    bench = OperatorBench.start(T0);
  }

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void stoppingBetweenEveryPairOfStepsLosesAndDuplicatesNothing() throws Exception {
    String a = Selectors.forIndex(0, T0);
    Instant rotateAt = T0.plus(Duration.ofDays(30));
    String b = Selectors.forIndex(1, rotateAt);

    // 1. First key: crash after the Secret write, before the DNS push.
    Crash crash = startCrashing(Crash.Point.BEFORE_PUSH, this::dkimSetDiffersFromBind);
    bench.create(rotating("shop"));
    crash.await();
    assertThat(ring().find(a))
        .hasValueSatisfying(k -> assertThat(k.state()).isEqualTo(DkimKeyState.PENDING));
    assertThat(bench.txt(a + "._domainkey.shop.example.com")).isEmpty();
    observeKeys();
    bench.startOperator(RESYNC, p -> p);
    awaitKeys(Map.of(a, "ACTIVE"));
    observeKeys();

    // 2. Rotation starts: crash after the new key is stored, before its record is pushed.
    bench.stopOperator();
    bench.clock.set(rotateAt);
    crash = startCrashing(Crash.Point.BEFORE_PUSH, this::dkimSetDiffersFromBind);
    crash.await();
    assertThat(ring().find(b))
        .hasValueSatisfying(k -> assertThat(k.state()).isEqualTo(DkimKeyState.PENDING));
    assertThat(bench.txt(b + "._domainkey.shop.example.com")).isEmpty();
    observeKeys();
    bench.startOperator(RESYNC, p -> p);
    awaitKeys(Map.of(a, "ACTIVE", b, "PUBLISHED"));
    observeKeys();

    // 3. A plain stop and start between two steps.
    bench.stopOperator();
    bench.clock.set(rotateAt.plus(Duration.ofHours(2)));
    bench.startOperator(RESYNC, p -> p);
    awaitKeys(Map.of(a, "RETIRING", b, "ACTIVE"));
    observeKeys();

    // 4. Revocation: crash after the DNS push, before the status write.
    bench.stopOperator();
    bench.clock.set(rotateAt.plus(Duration.ofHours(2)).plus(Duration.ofDays(7)));
    crash = startCrashing(Crash.Point.AFTER_PUSH, r -> true);
    crash.await();
    assertThat(bench.txt(a + "._domainkey.shop.example.com"))
        .singleElement()
        .asString()
        .endsWith("p=");
    observeKeys();
    bench.startOperator(RESYNC, p -> p);
    awaitKeys(Map.of(a, "REVOKED", b, "ACTIVE"));
    observeKeys();

    // 5. Removal: crash after the Secret dropped the key, before its record was deleted.
    bench.stopOperator();
    bench.clock.set(rotateAt.plus(Duration.ofHours(2)).plus(Duration.ofDays(14)));
    crash = startCrashing(Crash.Point.BEFORE_PUSH, this::dkimSetDiffersFromBind);
    crash.await();
    assertThat(ring().find(a)).isEmpty();
    assertThat(bench.txt(a + "._domainkey.shop.example.com")).hasSize(1);
    bench.startOperator(RESYNC, p -> p);
    awaitKeys(Map.of(b, "ACTIVE"));
    await().atMost(WAIT).until(() -> bench.txt(a + "._domainkey.shop.example.com").isEmpty());
    observeKeys();

    // Nothing lost, nothing duplicated: exactly the two selectors ever existed, DNS holds what the
    // Secret holds.
    assertThat(keysSeen.keySet()).containsExactly(a, b);
    assertThat(ring().keys()).extracting(k -> k.selector()).containsExactly(b);
    assertThat(ring().removedSelectors()).containsExactly(a);
    assertThat(dkimSelectorsAtBind()).containsExactly(b);
    assertThat(bench.txt(b + "._domainkey.shop.example.com"))
        .containsExactly(plain(secret(), b + ".txt"));
    assertThat(plain(secret(), "active.selector")).isEqualTo(b);
  }

  // --- crash machinery
  // -----------------------------------------------------------------------------------------

  /** A DNS seam that, once {@code when} holds, throws at {@code point} and then on every call. */
  static final class Crash implements RecordPublisher {
    enum Point {
      BEFORE_PUSH,
      AFTER_PUSH
    }

    final RecordPublisher delegate;
    final Point point;
    final Predicate<PublishRequest> when;
    final AtomicBoolean crashed = new AtomicBoolean();

    Crash(RecordPublisher delegate, Point point, Predicate<PublishRequest> when) {
      this.delegate = delegate;
      this.point = point;
      this.when = when;
    }

    @Override
    public PublishOutcome publish(PublishRequest request) throws DnsProviderException {
      if (crashed.get()) {
        throw new IllegalStateException("simulated crash: this operator is dead");
      }
      if (point == Point.BEFORE_PUSH && when.test(request)) {
        crashed.set(true);
        throw new IllegalStateException("simulated crash before the DNS push");
      }
      PublishOutcome outcome = delegate.publish(request);
      if (point == Point.AFTER_PUSH && !outcome.changes().isEmpty() && when.test(request)) {
        crashed.set(true);
        throw new IllegalStateException("simulated crash after the DNS push");
      }
      return outcome;
    }

    @Override
    public List<String> servedTxt(PublishRequest request, String name) throws DnsProviderException {
      if (crashed.get()) {
        throw new IllegalStateException("simulated crash: this operator is dead");
      }
      return delegate.servedTxt(request, name);
    }

    void await() {
      org.awaitility.Awaitility.await().atMost(WAIT).untilTrue(crashed);
    }
  }

  Crash startCrashing(Crash.Point point, Predicate<RecordPublisher.PublishRequest> when) {
    Crash[] holder = new Crash[1];
    bench.startOperator(RESYNC, p -> holder[0] = new Crash(p, point, when));
    return holder[0];
  }

  /**
   * Whether the DKIM names the operator wants differ from those BIND serves (a record is to be
   * added or removed).
   */
  boolean dkimSetDiffersFromBind(RecordPublisher.PublishRequest request) {
    Set<String> wanted =
        request.desired().stream()
            .map(DnsRecord::name)
            .filter(n -> n.contains("._domainkey."))
            .map(n -> n.substring(0, n.indexOf('.')))
            .collect(Collectors.toCollection(TreeSet::new));
    try {
      return !wanted.equals(dkimSelectorsAtBind());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The selectors (among every one this test can produce) BIND has a record for. */
  Set<String> dkimSelectorsAtBind() throws Exception {
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < 4; i++) {
      for (Instant year : List.of(T0, T0.plus(Duration.ofDays(60)))) {
        String s = Selectors.forIndex(i, year);
        if (!bench.txt(s + "._domainkey.shop.example.com").isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  // --- observations
  // ---------------------------------------------------------------------------------------------

  Secret secret() {
    return bench.secret(SECRET);
  }

  KeyRing ring() {
    Secret s = secret();
    Map<String, String> data = new HashMap<>();
    s.getData().keySet().forEach(k -> data.put(k, plain(s, k)));
    return DkimSecretCodec.decode(data, s.getMetadata().getAnnotations());
  }

  /**
   * Records every private key in the Secret and fails if one ever changes (a stored key was
   * regenerated).
   */
  void observeKeys() {
    Secret s = secret();
    s.getData().keySet().stream()
        .filter(k -> k.endsWith(".key") && !k.endsWith(".pkcs1.key") && !k.equals("active.key"))
        .forEach(
            k -> {
              String selector = k.substring(0, k.length() - 4);
              String pem = plain(s, k);
              String before = keysSeen.putIfAbsent(selector, pem);
              assertThat(before == null || before.equals(pem))
                  .as("private key of %s regenerated", selector)
                  .isTrue();
            });
  }

  void awaitKeys(Map<String, String> states) {
    awaitValue(
        WAIT,
        () -> {
          SenderDomain s = bench.get("shop");
          if (s == null
              || s.getStatus() == null
              || s.getStatus().dkim == null
              || s.getStatus().dkim.keys == null) {
            return null;
          }
          Map<String, String> actual = new LinkedHashMap<>();
          s.getStatus().dkim.keys.forEach(k -> actual.put(k.selector, k.state));
          return actual.equals(states) && is(s, "RecordsVerified", "True") && is(s, "Ready", "True")
              ? s
              : null;
        });
  }

  static SenderDomain rotating(String name) {
    SenderDomain sd = OperatorBench.senderDomain(name);
    sd.getSpec().dkim = new DkimSpec();
    sd.getSpec().dkim.rotation = new DkimSpec.RotationSpec();
    sd.getSpec().dkim.rotation.every = "30d";
    sd.getSpec().dkim.rotation.propagationDelay = "2h";
    sd.getSpec().dkim.rotation.retireAfter = "7d";
    return sd;
  }
}
