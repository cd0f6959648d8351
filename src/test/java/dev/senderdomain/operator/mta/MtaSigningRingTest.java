package dev.senderdomain.operator.mta;

import static dev.senderdomain.operator.mta.MailServerBinaries.EXIM;
import static dev.senderdomain.operator.mta.MailServerBinaries.OPENDKIM;
import static dev.senderdomain.operator.mta.MailServerBinaries.POSTFIX;
import static dev.senderdomain.operator.mta.MailServerBinaries.RSPAMD;
import static dev.senderdomain.operator.mta.MailServerBinaries.SWAKS;
import static dev.senderdomain.operator.mta.MailServerBinaries.UNSHARE;
import static dev.senderdomain.operator.mta.MailServerBinaries.assumeInstalled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.mta.Dkimpy.Verdict;
import dev.senderdomain.operator.testsupport.BindServer;
import dev.senderdomain.operator.testsupport.SecretVolume;
import dev.senderdomain.operator.testsupport.SmtpSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deliverability ring: real mail servers sign with the key Secret as the operator writes it and
 * as the kubelet mounts it, and an independent verifier accepts every signature against the records
 * the operator pushed.
 *
 * <p>Per mail server and per SenderDomain (RSA only; RSA and Ed25519): {@code push} generates the
 * keys and publishes the records into BIND; the Secret is laid out as a Secret volume ({@code
 * ..data} links, a timestamped directory, 0600 files, a world-writable sticky directory; 0640 with
 * an fsGroup for servers that read keys as their own user) and mounted at /etc/dkim/keys; the
 * server runs with the configuration of docs/dkim.md; a message submitted with swaks reaches a sink
 * signed, and dkimpy verifies each DKIM-Signature against BIND (one per active key, with its
 * selector), and fails them all once the body is changed. Then {@code push} rotates the keys, the
 * volume is updated as the kubelet updates it, the server is reloaded as docs/dkim.md says (or not
 * at all, for Exim), and the next message carries the new selectors and verifies.
 */
class MtaSigningRingTest {
  private static BindServer bind;
  private final List<AutoCloseable> open = new ArrayList<>();
  private Path dir;

  /** The SenderDomains of the ring. */
  enum Keys {
    RSA("rsa", List.of("rsa-2048")),
    RSA_AND_ED25519("dual", List.of("rsa-2048", "ed25519"));

    final String label;
    final List<String> algorithms;

    Keys(String label, List<String> algorithms) {
      this.label = label;
      this.algorithms = algorithms;
    }

    boolean ed25519() {
      return algorithms.contains("ed25519");
    }
  }

  @BeforeAll
  static void dns() {
    bind = BindServer.start("mta.test");
  }

  @AfterAll
  static void stopDns() {
    if (bind != null) {
      bind.close();
    }
  }

  @AfterEach
  void stopServers() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    open.clear();
    if (dir != null) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      dir = null;
    }
  }

  @ParameterizedTest(
      name =
          "OpenDKIM behind Postfix signs with the {0} Secret as mounted, and after a rotation and a"
              + " SIGUSR1 with the new selectors")
  @EnumSource(Keys.class)
  void openDkimBehindPostfix(Keys keys) throws Exception {
    assumeInstalled(OPENDKIM, POSTFIX, SWAKS, UNSHARE);
    PushedSenderDomain sd = publish("opendkim", keys);
    // OpenDKIM runs as root here, reading the Secret's 0600 files.
    SecretVolume volume = SecretVolume.create(dir.resolve("keys"), 0600, null);
    volume.write(sd.secretData());
    SmtpSink sink = opened(SmtpSink.start());
    OpenDkimMilter rsa = opened(OpenDkimMilter.start("rsa", volume, dir));
    String milters;
    OpenDkimMilter ed25519 = null;
    if (keys.ed25519()) {
      ed25519 = opened(OpenDkimMilter.start("ed25519", volume, dir));
      milters =
          DocsConfig.replace(
              DocsConfig.replace(
                  DocsConfig.block("# /etc/postfix/main.cf: OpenDKIM, RSA and Ed25519"),
                  "inet:localhost:8891",
                  "inet:127.0.0.1:" + rsa.port()),
              "inet:localhost:8892",
              "inet:127.0.0.1:" + ed25519.port());
    } else {
      milters =
          DocsConfig.replace(
              DocsConfig.block("# /etc/postfix/main.cf: OpenDKIM, RSA only"),
              "inet:localhost:8891",
              "inet:127.0.0.1:" + rsa.port());
    }
    PostfixServer postfix = opened(PostfixServer.start(dir, sink.port(), milters));
    OpenDkimMilter ed = ed25519;
    exercise(
        "OpenDKIM",
        sd,
        volume,
        sink,
        postfix.port(),
        () -> {
          rsa.reload();
          if (ed != null) {
            ed.reload();
          }
        },
        () -> postfix.tail() + "\n" + rsa.tail() + (ed == null ? "" : "\n" + ed.tail()));
  }

  @ParameterizedTest(
      name =
          "rspamd behind Postfix signs with the {0} Secret as mounted (fsGroup), and after a"
              + " rotation and a SIGHUP with the new selectors")
  @EnumSource(Keys.class)
  void rspamdBehindPostfix(Keys keys) throws Exception {
    assumeInstalled(RSPAMD, POSTFIX, SWAKS, UNSHARE);
    PushedSenderDomain sd = publish("rspamd", keys);
    // rspamd's workers run as _rspamd: the pod's fsGroup makes the 0600 files 0640, group _rspamd.
    SecretVolume volume = SecretVolume.create(dir.resolve("keys"), 0600, RspamdMilter.USER);
    volume.write(sd.secretData());
    SmtpSink sink = opened(SmtpSink.start());
    RspamdMilter rspamd = opened(RspamdMilter.start(volume, dir, bind.port()));
    String milters =
        DocsConfig.replace(
            DocsConfig.block("# /etc/postfix/main.cf: rspamd"),
            "inet:localhost:11332",
            "inet:127.0.0.1:" + rspamd.port());
    PostfixServer postfix = opened(PostfixServer.start(dir, sink.port(), milters));
    exercise(
        "rspamd",
        sd,
        volume,
        sink,
        postfix.port(),
        rspamd::reload,
        () -> postfix.tail() + "\n" + rspamd.tail());
  }

  @ParameterizedTest(
      name =
          "Exim signs with the {0} Secret as mounted (fsGroup), and after a rotation with the new"
              + " selectors without a reload")
  @EnumSource(Keys.class)
  void exim(Keys keys) throws Exception {
    assumeInstalled(EXIM, SWAKS, UNSHARE);
    PushedSenderDomain sd = publish("exim", keys);
    // Exim delivers (and signs) as Debian-exim: fsGroup again.
    SecretVolume volume = SecretVolume.create(dir.resolve("keys"), 0600, EximServer.USER);
    volume.write(sd.secretData());
    SmtpSink sink = opened(SmtpSink.start());
    EximServer exim = opened(EximServer.start(volume, dir, sink.port()));
    exercise("Exim", sd, volume, sink, exim.port(), () -> {}, exim::tail);
  }

  private PushedSenderDomain publish(String mta, Keys keys) throws IOException {
    dir = Files.createTempDirectory("sdo-mta-" + mta + "-");
    // The servers' own users (postfix, _rspamd, Debian-exim) reach their directories in here.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    String name = mta + "-" + keys.label;
    return PushedSenderDomain.publish(bind, name, name + ".mta.test", keys.algorithms, dir);
  }

  private <T extends AutoCloseable> T opened(T resource) {
    open.add(resource);
    return resource;
  }

  /**
   * Sends through the server, checks every signature, rotates, updates the volume, reloads, sends
   * again and checks the new selectors.
   */
  private void exercise(
      String mta,
      PushedSenderDomain sd,
      SecretVolume volume,
      SmtpSink sink,
      int port,
      Runnable reload,
      Supplier<String> logs)
      throws Exception {
    Dkimpy dkimpy = new Dkimpy(dir, bind.port());
    Map<String, String> before = sd.secretData();
    expectSignedWithActiveKeys(mta, 1, sd, before, sink, port, dkimpy, logs);

    sd.rotate();
    Map<String, String> after = sd.secretData();
    for (String type : List.of("rsa", "ed25519")) {
      String was = before.get("active-selector-" + type);
      String now = after.get("active-selector-" + type);
      if (was.isEmpty()) {
        assertThat(now).as("no %s key before the rotation, none after", type).isEmpty();
      } else {
        assertThat(now)
            .as("the rotation gave %s a new active key", type)
            .isNotEmpty()
            .isNotEqualTo(was);
      }
    }
    volume.write(after);
    reload.run();
    expectSignedWithActiveKeys(mta, 2, sd, after, sink, port, dkimpy, logs);
  }

  private static void expectSignedWithActiveKeys(
      String mta,
      int step,
      PushedSenderDomain sd,
      Map<String, String> secret,
      SmtpSink sink,
      int port,
      Dkimpy dkimpy,
      Supplier<String> logs)
      throws Exception {
    String body = "Signed by " + mta + " at step " + step + ".";
    String transcript = Swaks.send(port, "shop@" + sd.domain(), mta + " ring, step " + step, body);
    byte[] message = sink.next(Duration.ofSeconds(120));
    assertThat(message)
        .as("%s delivered the message to the sink\n%s\n%s", mta, transcript, logs.get())
        .isNotNull();
    List<Verdict> expected = new ArrayList<>();
    String rsa = secret.get("active-selector-rsa");
    String ed25519 = secret.get("active-selector-ed25519");
    expected.add(new Verdict(true, sd.domain(), rsa, "rsa-sha256"));
    if (ed25519 != null && !ed25519.isEmpty()) {
      expected.add(new Verdict(true, sd.domain(), ed25519, "ed25519-sha256"));
    }
    String text = new String(message, StandardCharsets.ISO_8859_1);
    assertThat(dkimpy.verify(message))
        .as("dkimpy's verdicts on the message %s signed:\n%s\n%s", mta, headers(text), logs.get())
        .containsExactlyInAnyOrderElementsOf(expected);

    assertThat(text).contains(body);
    String tampered = text.replace(body, body.replace("step", "stage"));
    assertThat(dkimpy.verify(tampered.getBytes(StandardCharsets.ISO_8859_1)))
        .as("dkimpy's verdicts on the message %s signed, its body changed", mta)
        .hasSize(expected.size())
        .noneMatch(Verdict::pass);
  }

  private static String headers(String message) {
    int end = message.indexOf("\r\n\r\n");
    return end < 0 ? message : message.substring(0, end);
  }
}
