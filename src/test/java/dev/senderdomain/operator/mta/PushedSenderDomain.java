package dev.senderdomain.operator.mta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.cli.Main;
import dev.senderdomain.operator.cli.Manifests;
import dev.senderdomain.operator.dkim.KeySecretManifest;
import dev.senderdomain.operator.testsupport.BindServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A SenderDomain published into the test's BIND with {@code senderdomain-operator push}: the
 * operator's own key ring, rotation policy, Secret codec and RFC 2136 adapter, run in-process, each
 * step's key Secret kept (as {@code --secrets-out}) and given back with {@code -f} on the next,
 * exactly as a user of push (or the operator) carries it.
 */
final class PushedSenderDomain {
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  private final BindServer bind;
  private final String name;
  private final String domain;
  private final List<String> algorithms;
  private final Path dir;
  private Instant at = T0;
  private Path secrets;
  private String rotationToken;
  private int step;

  private PushedSenderDomain(
      BindServer bind, String name, String domain, List<String> algorithms, Path dir) {
    this.bind = bind;
    this.name = name;
    this.domain = domain;
    this.algorithms = List.copyOf(algorithms);
    this.dir = dir;
  }

  /** Generates the keys and publishes the records; the first keys become active. */
  static PushedSenderDomain publish(
      BindServer bind, String name, String domain, List<String> algorithms, Path dir)
      throws IOException {
    PushedSenderDomain sd = new PushedSenderDomain(bind, name, domain, algorithms, dir);
    sd.push();
    return sd;
  }

  String domain() {
    return domain;
  }

  /** The key Secret's data as it stands after the last push (plain values). */
  Map<String, String> secretData() throws IOException {
    return KeySecretManifest.plainData(Manifests.read(List.of(secrets)).secrets.get(0));
  }

  /**
   * Rotates every key type as a user would ({@code senderdomain.dev/rotate}): the next day the new
   * keys are generated and published while the old ones still sign; once the propagation delay
   * (default 1 h at this TTL) has passed, the new ones become active and the old ones retire.
   */
  void rotate() throws IOException {
    rotationToken = "ring-" + (step + 1);
    at = at.plus(Duration.ofDays(1));
    push();
    at = at.plus(Duration.ofHours(2));
    push();
  }

  private void push() throws IOException {
    Path manifests = dir.resolve(name + "-" + step + ".yaml");
    Files.writeString(manifests, manifests());
    Path out = dir.resolve(name + "-keys-" + step + ".yaml");
    List<String> args = new ArrayList<>(List.of("push", "-f", manifests.toString()));
    if (secrets != null) {
      args.addAll(List.of("-f", secrets.toString()));
    }
    args.addAll(List.of("--secrets-out", out.toString(), "--at", at.toString()));
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(stdout));
    cl.setErr(new PrintWriter(stderr));
    int exit = cl.execute(args.toArray(String[]::new));
    assertThat(exit).as("push %s\n%s%s", args, stdout, stderr).isZero();
    secrets = out;
    step++;
  }

  private String manifests() {
    String annotation =
        rotationToken == null
            ? ""
            : "  annotations:\n    senderdomain.dev/rotate: \"" + rotationToken + "\"\n";
    return """
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata:
          name: %1$s
          namespace: mail
        %2$sspec:
          domain: %3$s
          providerRef:
            name: bind
          ttl: 300
          dkim:
            algorithms: [%4$s]
          dmarc:
            rua: [mailto:dmarc@%3$s]
        ---
        apiVersion: senderdomain.dev/v1alpha1
        kind: DnsProvider
        metadata:
          name: bind
          namespace: mail
        spec:
          rfc2136:
            server: 127.0.0.1
            port: %5$d
            tsig:
              keyName: %6$s
              algorithm: hmac-sha256
              secretRef: {name: tsig, key: secret}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: tsig
          namespace: mail
        stringData:
          secret: %7$s
        """
        .formatted(
            name,
            annotation,
            domain,
            String.join(", ", algorithms),
            bind.port(),
            bind.keyName(),
            bind.keySecretBase64());
  }
}
