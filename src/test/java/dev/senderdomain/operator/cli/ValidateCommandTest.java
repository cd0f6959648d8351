package dev.senderdomain.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code validate}: offline, every problem of every document with file, line, document and field,
 * in the API server's and the operator's words, never Jackson's.
 */
class ValidateCommandTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void theShippedExamplesAreValid() {
    Run r = run("validate", "examples", "deploy/examples");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    assertThat(r.out()).matches("(?s)\\d+ object\\(s\\) valid\\s*");
  }

  @Test
  void everyProblemOfEveryDocumentInADirectoryIsPrintedWithItsPlace(@TempDir Path dir)
      throws Exception {
    Path nested = Files.createDirectories(dir.resolve("team-a/mail"));
    Path domains = nested.resolve("domains.yaml");
    Files.writeString(
        domains,
        """
        # the issue's examples: a misspelt field and a string where an object belongs
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata: {name: shop, namespace: mail}
        spec:
          domain: shop.example.com
          providerRef: bind-primary
          dmarc:
            rollout:
              start: "2027-01-01"
              targetdate: "2027-04-01"
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: unrelated}
        ---
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata: {name: news, namespace: mail}
        spec:
          domain: news.example.com
          providerRef: {name: bind-primary}
          ttl: 10
          dkim: {algorithms: [rsa-4096]}
        """);
    Path providers = dir.resolve("providers.yml");
    Files.writeString(
        providers,
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: ClusterDnsProvider
        metadata: {name: shared}
        spec:
          manual: {}
          rfc2136: {server: 192.0.2.53}
        """);
    Files.writeString(dir.resolve("README.txt"), "not a manifest, not read");

    Run r = run("validate", dir.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            providers
                + ":4: document 1 (ClusterDnsProvider shared): spec: Invalid value: \"object\":"
                + " exactly one of manual, rfc2136, powerdns, externaldns, cloudflare, route53 must"
                + " be set",
            domains
                + ":2: document 1 (SenderDomain mail/shop): <nil>: Invalid value: \"null\": some"
                + " validation rules were not checked because the object was invalid; correct the"
                + " existing errors to complete validation",
            domains
                + ":7: document 1 (SenderDomain mail/shop): spec.providerRef: Invalid value:"
                + " \"string\": must be of type object",
            domains
                + ":11: document 1 (SenderDomain mail/shop): spec.dmarc.rollout.targetdate:"
                + " Unknown field: field not declared in schema",
            domains
                + ":23: document 3 (SenderDomain mail/news): spec.ttl: Invalid value: 10: should"
                + " be greater than or equal to 30",
            domains
                + ":24: document 3 (SenderDomain mail/news): spec.dkim.algorithms[0]: Invalid"
                + " value: \"rsa-4096\": should match '^(rsa-2048|rsa-1024|ed25519)$'");
    assertThat(r.err())
        .doesNotContain("Unrecognized field")
        .doesNotContain("not marked as ignorable")
        .doesNotContain("Cannot construct instance")
        .doesNotContain("dev.senderdomain")
        .doesNotContain("Exception");
    assertThat(r.out()).contains("6 problem(s) in 3 checked object(s)");
  }

  @Test
  void theOperatorsOwnChecksRunOfflineToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sd.yaml");
    Files.writeString(
        file,
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata: {name: shop, namespace: mail}
        spec:
          domain: shop.example.com
          providerRef: {name: p}
          spf:
            include: ["_spf.example.net", "evil.example +all"]
        """);
    Run r = run("validate", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            file
                + ":8: document 1 (SenderDomain mail/shop): spec.spf.include[1]: must not contain"
                + " spaces or control characters");
  }

  @Test
  void brokenYamlIsReportedWithItsLineAndTheDocumentsBeforeItAreChecked(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(
        file,
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: DnsProvider
        metadata: {name: p, namespace: mail}
        spec: {manual: {}, extra: 1}
        ---
        kind: SenderDomain
        spec: {domain: [a,
        """);
    Run r = run("validate", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .hasSize(2)
        .first()
        .isEqualTo(
            file
                + ":4: document 1 (DnsProvider mail/p): spec.extra: Unknown field: field not"
                + " declared in schema");
    assertThat(r.err().lines().toList().get(1))
        .startsWith(file + ":")
        .contains(": document 2: not valid YAML");
  }

  @Test
  void aRequestBudgetOfZeroTimeIsRefusedWithItsField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("provider.yaml");
    Files.writeString(
        file,
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: DnsProvider
        metadata: {name: p, namespace: mail}
        spec:
          rfc2136: {server: 192.0.2.53}
          requestBudget:
            requests: 20
            per: 0s
        """);
    Run r = run("validate", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .hasSize(1)
        .first()
        .asString()
        .startsWith(file + ":")
        .contains("document 1 (DnsProvider mail/p): spec.requestBudget")
        .contains("per must be longer than zero");
  }

  @Test
  void aMissingFileIsAProblemNotAStackTrace(@TempDir Path dir) {
    Run r = run("validate", dir.resolve("nope.yaml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(dir.resolve("nope.yaml") + ": cannot read: NoSuchFileException");
  }
}
