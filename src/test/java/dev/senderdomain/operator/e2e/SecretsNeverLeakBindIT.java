package dev.senderdomain.operator.e2e;

import static dev.senderdomain.operator.testsupport.OperatorBench.awaitValue;
import static dev.senderdomain.operator.testsupport.OperatorBench.condition;
import static dev.senderdomain.operator.testsupport.OperatorBench.is;
import static dev.senderdomain.operator.testsupport.OperatorBench.plain;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.dkim.DkimKey;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.testsupport.OperatorBench;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A whole run (key generation, manual and emergency rotation, an adopted key, a broken adopted key,
 * a refused TSIG key) with every logger at DEBUG, stdout/stderr captured too; then every log line,
 * every Event and every status is searched for the private keys that were in the Secrets during the
 * run and for the TSIG secrets. None may appear.
 */
class SecretsNeverLeakBindIT {
  static final Duration RESYNC = Duration.ofMillis(400);
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  OperatorBench bench;
  final Capture capture = new Capture();
  final List<Logger> raised = new ArrayList<>();
  final List<Level> levels = new ArrayList<>();
  PrintStream out;
  PrintStream err;
  final ByteArrayOutputStream console = new ByteArrayOutputStream();

  /**
   * Private key material seen during the run, and public material it may legitimately share text
   * with.
   */
  final Set<String> secrets = new LinkedHashSet<>();

  final Set<String> publicValues = new LinkedHashSet<>();

  @BeforeEach
  void start() {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    capture.start();
    root.addAppender(capture);
    for (String name :
        List.of(Logger.ROOT_LOGGER_NAME, "dev.senderdomain", "io.javaoperatorsdk", "io.fabric8")) {
      Logger l = (Logger) LoggerFactory.getLogger(name);
      raised.add(l);
      levels.add(l.getLevel());
      l.setLevel(Level.DEBUG);
    }
    out = System.out;
    err = System.err;
    System.setOut(new PrintStream(new Tee(out, console), true));
    System.setErr(new PrintStream(new Tee(err, console), true));
    bench = OperatorBench.start(T0);
    bench.startOperator(RESYNC, p -> p);
  }

  @AfterEach
  void stop() {
    bench.close();
    System.setOut(out);
    System.setErr(err);
    for (int i = 0; i < raised.size(); i++) {
      raised.get(i).setLevel(levels.get(i));
    }
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
  }

  @Test
  void noPrivateKeyAndNoTsigSecretInAnyLogLineEventOrStatus() throws Exception {
    secrets.add(bench.bind.keySecretBase64());

    // Keys generated, rotated by request, then revoked in an emergency.
    SenderDomain shop = OperatorBench.senderDomain("shop");
    shop.getSpec().dkim = new DkimSpec();
    shop.getSpec().dkim.algorithms = List.of("rsa-2048", "ed25519");
    bench.create(shop);
    awaitActive("shop", 2);
    collect("shop-dkim");
    bench.annotate("shop", RotationRequest.ANNOTATION, "planned-1");
    awaitValue(WAIT, () -> bench.get("shop").getStatus().dkim.keys.size() == 4 ? true : null);
    collect("shop-dkim");
    bench.annotate(
        "shop", RotationRequest.ANNOTATION, RotationRequest.EMERGENCY_PREFIX + "leak-drill");
    awaitValue(
        WAIT,
        () ->
            bench.get("shop").getStatus().dkim.keys.stream()
                            .filter(k -> k.state.equals("ACTIVE"))
                            .count()
                        == 2
                    && bench.get("shop").getStatus().dkim.keys.size() == 6
                ? true
                : null);
    collect("shop-dkim");

    // A key brought by the user is adopted; a broken one is refused with a message naming the
    // field.
    DkimKey own = DkimKeyGenerator.production().generate("mykey", DkimAlgorithm.RSA_2048, T0);
    byokSecret("own-key", own.pkcs8Pem());
    bench.create(adopting("byok", "own-key"));
    awaitActive("byok", 1);
    collect("byok-dkim");
    DkimKey other = DkimKeyGenerator.production().generate("broken", DkimAlgorithm.RSA_2048, T0);
    String pem = other.pkcs8Pem();
    String truncated = pem.substring(0, pem.length() / 2) + "\n-----END PRIVATE KEY-----\n";
    byokSecret("broken-key", truncated);
    collectPem(truncated);
    bench.create(adopting("broken", "broken-key"));
    SenderDomain refused =
        awaitValue(
            WAIT,
            () -> {
              SenderDomain s = bench.get("broken");
              return is(s, "Ready", "False") ? s : null;
            });
    assertThat(condition(refused, "Ready").get().getReason()).isEqualTo("KeyError");

    // A TSIG key BIND does not know: the UPDATE is refused, reported in status and an Event.
    byte[] wrong = new byte[32];
    new SecureRandom().nextBytes(wrong);
    String wrongBase64 = Base64.getEncoder().encodeToString(wrong);
    secrets.add(wrongBase64);
    bench
        .client
        .secrets()
        .inNamespace(OperatorBench.NS)
        .withName(OperatorBench.PROVIDER + "-tsig")
        .edit(
            s -> {
              s.setData(
                  Map.of(
                      "secret",
                      Base64.getEncoder()
                          .encodeToString(wrongBase64.getBytes(StandardCharsets.US_ASCII))));
              return s;
            });
    bench.edit("shop", s -> s.getSpec().spf.include = List.of("_spf.other.example.net"));
    awaitValue(WAIT, () -> is(bench.get("shop"), "RecordsPublished", "False") ? true : null);
    // The provider's own check is asked for again (an annotation) and refused the same way.
    bench
        .client
        .resources(DnsProvider.class)
        .inNamespace(OperatorBench.NS)
        .withName(OperatorBench.PROVIDER)
        .edit(
            p -> {
              p.getMetadata().setAnnotations(Map.of("senderdomain.dev/checked-at", "1"));
              return p;
            });
    awaitValue(
        WAIT,
        () -> {
          DnsProvider p =
              bench
                  .client
                  .resources(DnsProvider.class)
                  .inNamespace(OperatorBench.NS)
                  .withName(OperatorBench.PROVIDER)
                  .get();
          return p.getStatus() != null
                  && p.getStatus().conditions.stream()
                      .anyMatch(c -> "Unauthorized".equals(c.getReason()))
              ? true
              : null;
        });

    // Now search everything the run produced.
    List<String> haystacks = new ArrayList<>(capture.lines());
    console
        .toString(StandardCharsets.UTF_8)
        .lines()
        .filter(
            l ->
                !l.contains(".mock.")
                    && !l.contains("i.f.k.c.s.m.")
                    && !l.contains("MockWebServer"))
        .forEach(haystacks::add);
    List<Event> events = bench.client.v1().events().inNamespace(OperatorBench.NS).list().getItems();
    for (Event e : events) {
      haystacks.add(e.getReason() + " " + e.getMessage());
    }
    for (SenderDomain sd :
        bench
            .client
            .resources(SenderDomain.class)
            .inNamespace(OperatorBench.NS)
            .list()
            .getItems()) {
      haystacks.add(Serialization.asJson(sd));
    }
    for (DnsProvider p :
        bench.client.resources(DnsProvider.class).inNamespace(OperatorBench.NS).list().getItems()) {
      haystacks.add(Serialization.asJson(p));
    }
    assertThat(capture.lines()).as("the run was logged at DEBUG").hasSizeGreaterThan(100);
    assertThat(events)
        .extracting(Event::getReason)
        .contains("KeyGenerated", "RecordsPublished", "PublishFailed");
    assertThat(secrets).hasSizeGreaterThan(50);

    String all = String.join("\n", haystacks);
    List<String> leaks = new ArrayList<>();
    for (String secret : secrets) {
      if (publicValues.stream().anyMatch(p -> p.contains(secret))) {
        continue; // shares its text with public material (an RSA modulus line can), so finding it
        // proves nothing
      }
      int at = all.indexOf(secret);
      if (at >= 0) {
        int from = all.lastIndexOf('\n', at) + 1;
        leaks.add(
            secret.substring(0, 12) + "... in: " + all.substring(from, Math.min(at, from + 300)));
      }
    }
    assertThat(leaks).isEmpty();
  }

  // --- helpers
  // ---------------------------------------------------------------------------------------------------

  void awaitActive(String name, int keys) {
    awaitValue(
        WAIT,
        () -> {
          SenderDomain s = bench.get(name);
          return is(s, "Ready", "True")
                  && s.getStatus().dkim.keys.size() == keys
                  && s.getStatus().dkim.keys.stream().allMatch(k -> k.state.equals("ACTIVE"))
              ? true
              : null;
        });
  }

  /**
   * Remembers every private key in a key Secret: each PEM body line and a slice of the stored
   * (base64) value.
   */
  void collect(String secretName) {
    Secret s = bench.secret(secretName);
    for (String key : s.getData().keySet()) {
      String value = plain(s, key);
      if (key.endsWith(".key")) {
        collectPem(value);
        String raw = s.getData().get(key);
        // A <selector>.raw.key (an Ed25519 seed) is shorter than a PEM: take all of it.
        secrets.add(raw.length() >= 124 ? raw.substring(60, 124) : raw);
      } else {
        publicValues.add(value);
      }
    }
  }

  void collectPem(String pem) {
    pem.lines().filter(l -> !l.startsWith("-----") && l.length() >= 40).forEach(secrets::add);
  }

  void byokSecret(String name, String pem) {
    bench
        .client
        .secrets()
        .inNamespace(OperatorBench.NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(OperatorBench.NS)
                .endMetadata()
                .withData(
                    Map.of(
                        name.replace("-key", "") + "1.key",
                        Base64.getEncoder()
                            .encodeToString(pem.getBytes(StandardCharsets.US_ASCII))))
                .build())
        .create();
  }

  static SenderDomain adopting(String name, String secret) {
    SenderDomain sd = OperatorBench.senderDomain(name);
    sd.getSpec().dkim = new DkimSpec();
    sd.getSpec().dkim.existingSecretName = secret;
    return sd;
  }

  /** Every logback event, formatted with its stack trace, MDC and arguments. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected void append(ILoggingEvent e) {
      if (e.getLoggerName().startsWith("io.fabric8.kubernetes.client.server.mock")
          || e.getLoggerName().startsWith("io.fabric8.mockwebserver")) {
        return; // the mock plays the API server, which stores the Secrets; its logs are not the
        // operator's
      }
      StringBuilder sb =
          new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
      IThrowableProxy t = e.getThrowableProxy();
      if (t != null) {
        sb.append('\n').append(ThrowableProxyUtil.asString(t));
      }
      sb.append(' ').append(e.getMDCPropertyMap());
      lines.add(sb.toString());
    }

    List<String> lines() {
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }
  }

  /** Writes to the original stream and a capture buffer. */
  static final class Tee extends OutputStream {
    private final OutputStream a;
    private final ByteArrayOutputStream b;

    Tee(OutputStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      synchronized (b) {
        b.write(x);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      synchronized (b) {
        b.write(buf, off, len);
      }
    }
  }
}
