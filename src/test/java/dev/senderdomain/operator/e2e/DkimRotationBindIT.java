package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.awaitValue;
import static dev.senderdomain.operator.testsupport.OperatorBench.is;
import static dev.senderdomain.operator.testsupport.OperatorBench.plain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKey;
import dev.senderdomain.operator.dkim.DkimKeyState;
import dev.senderdomain.operator.dkim.DkimSigner;
import dev.senderdomain.operator.dkim.DkimVerifier;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.dkim.Selectors;
import dev.senderdomain.operator.testsupport.OperatorBench;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DKIM key rotation driven by the operator against the CRUD mock API and a real BIND 9, the
 * operator's clock moved by the test. At every step an MTA's view is checked: the Secret's {@code
 * active.selector} / {@code active.key} sign a message that verifies against the record BIND serves
 * for that selector.
 */
class DkimRotationBindIT {
  static final Duration RESYNC = Duration.ofMillis(400);
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final Duration EVERY = Duration.ofDays(30);
  static final Duration DELAY = Duration.ofHours(2);
  static final Duration RETIRE = Duration.ofDays(7);

  OperatorBench bench;

  @BeforeEach
  void start() {
    bench = OperatorBench.start(T0);
  }

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void twoFullRotationsKeepEverySignatureVerifiableAndRevokedRecordsEmptyThenGone()
      throws Exception {
    bench.startOperator(RESYNC, p -> p);
    bench.create(rotating("shop"));
    String a = Selectors.forIndex(0, T0);
    awaitKeys("shop", Map.of(a, "ACTIVE"));
    mtaSignsAndReceiverVerifies("shop");

    String old = a;
    Instant activeSince = T0;
    for (int round = 1; round <= 2; round++) {
      Instant rotateAt = activeSince.plus(EVERY);
      bench.clock.set(rotateAt);
      String next = Selectors.forIndex(round, rotateAt);
      // The new key's record is published and verified; the old key still signs.
      awaitKeys("shop", Map.of(old, "ACTIVE", next, "PUBLISHED"));
      assertThat(activeSelector()).isEqualTo(old);
      assertThat(dkimRecord(next)).matches(".*p=[A-Za-z0-9+/=]{300,}$");
      mtaSignsAndReceiverVerifies("shop");

      bench.clock.set(rotateAt.plus(DELAY));
      awaitKeys("shop", Map.of(old, "RETIRING", next, "ACTIVE"));
      assertThat(activeSelector()).isEqualTo(next);
      mtaSignsAndReceiverVerifies("shop");
      // Mail signed with the retiring key (still in flight) keeps verifying.
      assertThat(verifiesWith(old)).isTrue();

      bench.clock.set(rotateAt.plus(DELAY).plus(RETIRE));
      awaitKeys("shop", Map.of(old, "REVOKED", next, "ACTIVE"));
      assertThat(dkimRecord(old)).endsWith("p=");
      assertThat(verifiesWith(old)).isFalse();
      assertThat(bench.secret("shop-dkim").getData())
          .as("the private key leaves the Secret last")
          .containsKey(old + ".key");
      mtaSignsAndReceiverVerifies("shop");

      bench.clock.set(rotateAt.plus(DELAY).plus(RETIRE).plus(RETIRE));
      awaitKeys("shop", Map.of(next, "ACTIVE"));
      assertThat(bench.txt(old + "._domainkey.shop.example.com")).isEmpty();
      String removed = old + ".";
      assertThat(bench.secret("shop-dkim").getData().keySet())
          .noneMatch(k -> k.startsWith(removed));
      mtaSignsAndReceiverVerifies("shop");

      old = next;
      activeSince = rotateAt.plus(DELAY);
    }
  }

  @Test
  void theRotateAnnotationRotatesOnceAndTheEmergencyFormRevokesAtOnce() throws Exception {
    // A resync far longer than the test: only the annotation edit itself can trigger these
    // reconciles.
    bench.startOperator(Duration.ofMinutes(5), p -> p);
    SenderDomain sd = rotating("news");
    sd.getSpec().dkim.rotation = null; // no automatic rotation: only on request
    bench.create(sd);
    String a = Selectors.forIndex(0, T0);
    awaitKeys("news", Map.of(a, "ACTIVE"));

    bench.annotate("news", RotationRequest.ANNOTATION, "2026-12-01-planned");
    String b = Selectors.forIndex(1, T0);
    awaitKeys("news", Map.of(a, "ACTIVE", b, "PUBLISHED"));
    mtaSignsAndReceiverVerifies("news");

    // A default propagationDelay (2 x TTL 3600 s) later the new key signs. Only time passed, so
    // something must
    // trigger the reconcile: from here on a short resync does.
    bench.clock.set(T0.plus(Duration.ofHours(2)));
    bench.stopOperator();
    bench.startOperator(RESYNC, p -> p);
    awaitKeys("news", Map.of(a, "RETIRING", b, "ACTIVE"));
    mtaSignsAndReceiverVerifies("news");

    // The token stays on the resource: further reconciles do not rotate again.
    Thread.sleep(4 * RESYNC.toMillis());
    awaitKeys("news", Map.of(a, "RETIRING", b, "ACTIVE"));

    // Emergency: every key that still publishes a public key is revoked at once; the new one signs
    // when verified.
    bench.annotate("news", RotationRequest.ANNOTATION, RotationRequest.EMERGENCY_PREFIX + "leaked");
    String c = Selectors.forIndex(2, T0.plus(Duration.ofHours(2)));
    awaitKeys("news", Map.of(a, "REVOKED", b, "REVOKED", c, "ACTIVE"));
    assertThat(dkimRecord("news", a)).endsWith("p=");
    assertThat(dkimRecord("news", b)).endsWith("p=");
    assertThat(activeSelector("news")).isEqualTo(c);
    mtaSignsAndReceiverVerifies("news");
  }

  // --- helpers
  // -----------------------------------------------------------------------------------------------

  String current = "shop";

  /**
   * Waits until status.dkim lists exactly these selectors in these states and every record is
   * served.
   */
  SenderDomain awaitKeys(String name, Map<String, String> states) {
    current = name;
    try {
      return awaitKeysOrTimeout(name, states);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      SenderDomain s = bench.get(name);
      throw new AssertionError(
          "expected keys "
              + states
              + " at "
              + bench.clock.instant()
              + ", status is "
              + io.fabric8.kubernetes.client.utils.Serialization.asJson(s.getStatus()),
          e);
    }
  }

  SenderDomain awaitKeysOrTimeout(String name, Map<String, String> states) {
    return awaitValue(
        WAIT,
        () -> {
          SenderDomain s = bench.get(name);
          if (s == null
              || s.getStatus() == null
              || s.getStatus().dkim == null
              || s.getStatus().dkim.keys == null) {
            return null;
          }
          Map<String, String> actual = new LinkedHashMap<>();
          s.getStatus().dkim.keys.forEach(k -> actual.put(k.selector, k.state));
          boolean served =
              s.getStatus().records != null
                  && s.getStatus().records.stream().allMatch(r -> Boolean.TRUE.equals(r.served));
          return actual.equals(states) && served && is(s, "RecordsVerified", "True") ? s : null;
        });
  }

  String activeSelector() {
    return activeSelector(current);
  }

  String activeSelector(String name) {
    return plain(bench.secret(name + "-dkim"), "active.selector");
  }

  String dkimRecord(String selector) throws Exception {
    return dkimRecord(current, selector);
  }

  String dkimRecord(String name, String selector) throws Exception {
    List<String> txt = bench.txt(selector + "._domainkey." + name + ".example.com");
    assertThat(txt).as("TXT records at selector %s", selector).hasSize(1);
    return txt.get(0);
  }

  static final byte[] MESSAGE =
      ("From: Shop <hello@shop.example.com>\r\nTo: someone@example.net\r\n"
              + "Subject: your order\r\n\r\nYour order shipped.\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  /**
   * What an MTA does (read active.selector and active.key from the Secret, sign) and a receiver
   * (look up, verify).
   */
  void mtaSignsAndReceiverVerifies(String name) throws Exception {
    Secret secret = bench.secret(name + "-dkim");
    String selector = plain(secret, "active.selector");
    assertThat(selector).isNotBlank();
    DkimKey key =
        DkimKey.fromPkcs8(
            selector,
            DkimKeyState.ACTIVE,
            bench.clock.instant(),
            pemToDer(plain(secret, "active.key")),
            "active.key");
    String domain = name + ".example.com";
    byte[] signed =
        DkimSigner.signMessage(
            MESSAGE,
            domain,
            selector,
            key,
            List.of("From", "To", "Subject"),
            bench.clock.instant());
    var verdict = DkimVerifier.verify(signed, dkimRecord(name, selector));
    assertThat(verdict.pass()).as("signature by %s: %s", selector, verdict.reason()).isTrue();
  }

  /**
   * Whether a message signed with the Secret's key {@code selector}.key verifies against DNS now.
   */
  boolean verifiesWith(String selector) throws Exception {
    Secret secret = bench.secret(current + "-dkim");
    DkimKey key =
        DkimKey.fromPkcs8(
            selector,
            DkimKeyState.RETIRING,
            bench.clock.instant(),
            pemToDer(plain(secret, selector + ".key")),
            selector + ".key");
    String domain = current + ".example.com";
    byte[] signed =
        DkimSigner.signMessage(
            MESSAGE, domain, selector, key, List.of("From", "To", "Subject"), null);
    return DkimVerifier.verify(signed, dkimRecord(selector)).pass();
  }

  static byte[] pemToDer(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
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
