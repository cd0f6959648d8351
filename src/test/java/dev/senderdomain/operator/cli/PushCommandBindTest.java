package dev.senderdomain.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimSecretCodec;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter;
import dev.senderdomain.operator.testsupport.BindServer;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code push} end to end against a real BIND 9: the same manifests a cluster would get. */
class PushCommandBindTest {
  static BindServer bind;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    bind = BindServer.start("push.test", "manual.test", "byok.test");
  }

  @AfterAll
  static void stop() {
    bind.close();
  }

  Path manifests(String zone, String provider) throws Exception {
    String yaml =
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata:
          name: shop
          namespace: mail
        spec:
          domain: %1$s
          providerRef:
            name: dns
          ttl: 300
          spf:
            ip4: [192.0.2.0/24]
            include: [_spf.mailer.example.net]
          dmarc:
            rua: [mailto:dmarc@%1$s]
          tracking:
            name: clicks
            target: track.mailer.example.net
        ---
        apiVersion: senderdomain.dev/v1alpha1
        kind: DnsProvider
        metadata:
          name: dns
          namespace: mail
        spec:
        %2$s
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: tsig
          namespace: mail
        stringData:
          secret: %3$s
        """
            .formatted(zone, provider, bind.keySecretBase64());
    Path file = tmp.resolve(zone + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  String rfc2136() {
    return """
          rfc2136:
            server: 127.0.0.1
            port: %d
            tsig:
              keyName: %s
              algorithm: hmac-sha256
              secretRef: {name: tsig, key: secret}
        """
        .formatted(bind.port(), bind.keyName());
  }

  record Run(int exit, String out, String err) {}

  static Run push(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] full = new String[args.length + 1];
    full[0] = "push";
    System.arraycopy(args, 0, full, 1, args.length);
    int exit = cl.execute(full);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void pushCreatesThenSaysNoChangesAndTheSecretsRoundTrip() throws Exception {
    Path in = manifests("push.test", rfc2136());
    Path keys = tmp.resolve("keys.yaml");
    long serial0 = bind.serial("push.test");

    Run refused = push("-f", in.toString());
    assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
    assertThat(refused.err()).contains("--secrets-out");
    assertThat(bind.serial("push.test")).isEqualTo(serial0);

    Run dry = push("-f", in.toString(), "--dry-run", "--at", "2026-11-26T10:00:00Z");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains(
            "+ create push.test TXT [v=spf1 ip4:192.0.2.0/24 include:_spf.mailer.example.net"
                + " -all]")
        .contains("+ create clicks.push.test CNAME")
        .contains("dry run: nothing changed");
    assertThat(bind.serial("push.test")).isEqualTo(serial0);
    assertThat(keys).doesNotExist();

    Run first =
        push("-f", in.toString(), "--secrets-out", keys.toString(), "--at", "2026-11-26T10:00:00Z");
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("applied 5 change(s)");
    java.util.regex.Matcher generated =
        java.util.regex.Pattern.compile("generated DKIM key\\(s\\) \\[([a-z0-9]+)\\]")
            .matcher(first.out());
    assertThat(generated.find()).as(first.out()).isTrue();
    String selector = generated.group(1);
    long serial1 = bind.serial("push.test");
    assertThat(serial1).isGreaterThan(serial0);

    Manifests saved = Manifests.read(List.of(keys));
    assertThat(saved.secrets)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getMetadata().getName()).isEqualTo("shop-dkim");
              assertThat(s.getMetadata().getNamespace()).isEqualTo("mail");
              assertThat(s.getData()).containsKeys(selector + ".key", selector + ".txt");
            });
    // The server accepted the record, so the first key is active in the saved Secret, as the
    // operator would have it.
    assertThat(decode(saved.secrets.get(0), "active-selector-rsa")).isEqualTo(selector);
    String txt = decode(saved.secrets.get(0), selector + ".txt");
    Rfc2136Adapter reader = new Rfc2136Adapter(bind.settings("push.test"));
    assertThat(
            reader.read(List.of(new RecordKey(selector + "._domainkey.push.test", RecordType.TXT))))
        .extracting(RecordSet::values)
        .containsExactly(List.of(txt));

    Run second = push("-f", in.toString(), "-f", keys.toString(), "--at", "2026-12-01T00:00:00Z");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("no changes").doesNotContain("generated");
    assertThat(bind.serial("push.test")).isEqualTo(serial1);

    Path keys2 = tmp.resolve("keys2.yaml");
    Run third = push("-f", in.toString(), "-f", keys.toString(), "--secrets-out", keys2.toString());
    assertThat(third.exit()).isZero();
    assertThat(decode(Manifests.read(List.of(keys2)).secrets.get(0), selector + ".key"))
        .isEqualTo(decode(saved.secrets.get(0), selector + ".key"));
    assertThat(first.out() + second.out() + third.out() + first.err())
        .doesNotContain(bind.keySecretBase64())
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void theManualProviderPrintsZoneLinesAndWritesNothing() throws Exception {
    Path in = manifests("manual.test", "  manual: {}\n");
    long serial = bind.serial("manual.test");
    Run r = push("-f", in.toString(), "--secrets-out", tmp.resolve("k.yaml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("never pushes")
        .contains("_dmarc.manual.test. 300 IN TXT \"v=DMARC1; p=none")
        .contains("clicks.manual.test. 300 IN CNAME track.mailer.example.net.")
        .contains("_domainkey.manual.test. 300 IN TXT ( \"v=DKIM1; k=rsa; p=");
    assertThat(bind.serial("manual.test")).isEqualTo(serial);
  }

  @Test
  void invalidInputIsRefusedNamingTheFieldBeforeAnyWrite() throws Exception {
    Path in = manifests("push.test", rfc2136());
    Files.writeString(
        in,
        Files.readString(in)
            .replace("ip4: [192.0.2.0/24]", "ip4: [192.0.2.300/24]")
            .replace("name: dns\n  ttl", "name: nope\n  ttl"));
    long serial = bind.serial("push.test");
    Run r = push("-f", in.toString(), "--dry-run");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("spec.spf.ip4[0]");
    assertThat(bind.serial("push.test")).isEqualTo(serial);
  }

  @Test
  void aWrongTsigSecretIsAPermanentErrorWithoutTheSecret() throws Exception {
    Path in = manifests("push.test", rfc2136());
    String wrong = Base64.getEncoder().encodeToString(new byte[32]);
    Files.writeString(in, Files.readString(in).replace(bind.keySecretBase64(), wrong));
    Run r = push("-f", in.toString(), "--dry-run");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Unauthorized").contains("permanent").doesNotContain(wrong);
  }

  /** A user's own key Secret ({@code spec.dkim.existingSecretName}), in a file of its own. */
  Path byokSecret(String pkcs8Pem) throws Exception {
    String indented = pkcs8Pem.strip().replace("\n", "\n    ");
    Path file = tmp.resolve("byok-secret.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: my-keys, namespace: mail}
        stringData:
          mine.key: |
            %s
        """
            .formatted(indented));
    return file;
  }

  Path byokManifests() throws Exception {
    Path in = manifests("byok.test", rfc2136());
    Files.writeString(
        in,
        Files.readString(in)
            .replace("  ttl: 300\n", "  ttl: 300\n  dkim: {existingSecretName: my-keys}\n"));
    return in;
  }

  @Test
  void aBroughtKeyIsAdoptedIntoTheKeySecretAndLaterPushesCarryOnFromThatSecret() throws Exception {
    String pem =
        DkimKeyGenerator.production()
            .generate("mine", DkimAlgorithm.RSA_2048, Instant.parse("2026-11-01T00:00:00Z"))
            .pkcs8Pem();
    Path in = byokManifests();
    Path byok = byokSecret(pem);
    Path keys = tmp.resolve("byok-keys.yaml");

    Run first =
        push(
            "-f",
            in.toString(),
            "-f",
            byok.toString(),
            "--secrets-out",
            keys.toString(),
            "--at",
            "2026-11-26T10:00:00Z");
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).doesNotContain("generated").contains("mine._domainkey.byok.test");
    Secret ring = Manifests.read(List.of(keys)).secrets.get(0);
    // Kept under the key Secret's name (secretName or <name>-dkim), the name the operator uses.
    assertThat(ring.getMetadata().getName()).isEqualTo("shop-dkim");
    assertThat(decode(ring, "mine.key").strip()).isEqualTo(pem.strip());
    assertThat(decode(ring, "active-selector-rsa")).isEqualTo("mine");

    // The key Secret alone is enough from now on: the ring is read from it, not adopted again.
    Run second = push("-f", in.toString(), "-f", keys.toString(), "--at", "2026-12-01T00:00:00Z");
    assertThat(second.exit()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("no changes").doesNotContain("generated");

    // With both Secrets given, the ring carries on as stored (the key stays active since the first
    // push) instead of the brought key being adopted afresh.
    Path keys2 = tmp.resolve("byok-keys2.yaml");
    Run third =
        push(
            "-f",
            in.toString(),
            "-f",
            byok.toString(),
            "-f",
            keys.toString(),
            "--secrets-out",
            keys2.toString(),
            "--at",
            "2026-12-02T00:00:00Z");
    assertThat(third.exit()).as(third.out() + third.err()).isZero();
    assertThat(Manifests.read(List.of(keys2)).secrets.get(0).getMetadata().getAnnotations())
        .containsEntry(
            DkimSecretCodec.STATE_ANNOTATION,
            ring.getMetadata().getAnnotations().get(DkimSecretCodec.STATE_ANNOTATION));
  }

  @Test
  void unusableKeySecretsAreBadInputWithExitTwoAndNoStackTrace() throws Exception {
    Path in = byokManifests();
    long serial = bind.serial("byok.test");
    Run missing = push("-f", in.toString(), "--dry-run");
    assertThat(missing.exit()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err())
        .contains("error: SenderDomain mail/shop: DKIM keys: spec.dkim.existingSecretName: Secret")
        .contains("my-keys not found");

    Path garbage =
        byokSecret("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----");
    Run broken = push("-f", in.toString(), "-f", garbage.toString(), "--dry-run");
    assertThat(broken.exit()).as(broken.err()).isEqualTo(2);
    assertThat(broken.err())
        .contains("error: SenderDomain mail/shop: DKIM keys: data key mine.key");
    for (Run r : List.of(missing, broken)) {
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(bind.serial("byok.test")).isEqualTo(serial);
  }

  private static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }
}
