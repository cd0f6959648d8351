package dev.senderdomain.operator.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.senderdomain.operator.api.v1alpha1.DnsProvider;
import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.cli.Main;
import dev.senderdomain.operator.cli.Manifests;
import dev.senderdomain.operator.metrics.OperatorMetrics;
import dev.senderdomain.operator.reconciler.FakeSeams;
import dev.senderdomain.operator.reconciler.OperatorRuntime;
import dev.senderdomain.operator.reconciler.ProviderLookup;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.testsupport.InvalidSpecs;
import dev.senderdomain.operator.testsupport.MockApi;
import dev.senderdomain.operator.validate.admission.CustomResourceDefinitions;
import dev.senderdomain.operator.validate.admission.FieldProblem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * One validation for every entry point: every invalid case of {@link InvalidSpecs} (every rule the
 * validator has, and the cases issue 15 named) is refused by {@code plan}, {@code push}, {@code
 * validate} and the operator with the same messages, one per problem, each naming its field; the
 * valid variants are accepted by all four.
 */
class EveryEntryPointRefusesAlikeIT {
  static final String NS = "mail";
  static MockApi api;
  static KubernetesClient client;
  static OperatorRuntime runtime;

  @TempDir static Path tmp;

  @BeforeAll
  static void startTheOperator() {
    api = new MockApi().namespace(NS);
    client = api.client();
    runtime =
        OperatorRuntime.create(
                client,
                new OperatorRuntime.Settings(Set.of(), null, "alike", Duration.ofSeconds(5), 4),
                new OperatorRuntime.Seams(
                    Clock.systemUTC(),
                    new FakeSeams.Keys(),
                    new FakeSeams.Dns(),
                    new ProviderLookup("operators")),
                new OperatorMetrics(new SimpleMeterRegistry()))
            .start();
    client.resource(manualProvider()).create();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (api != null) {
      api.close();
    }
  }

  static Stream<Arguments> invalidCases() {
    List<InvalidSpecs.Case> all = InvalidSpecs.all();
    return IntStream.range(0, all.size())
        .mapToObj(i -> Arguments.of(all.get(i), all.get(i).resource("case-" + i)));
  }

  /** What every entry point must say about {@code sd}: the validator's problems, in its order. */
  static List<String> problems(SenderDomain sd, InvalidSpecs.Case c) {
    try {
      SenderDomainValidator.validate(sd);
    } catch (InvalidSpecException e) {
      assertThat(e.errors())
          .as("the validator itself")
          .anySatisfy(
              fe -> {
                assertThat(fe.field()).isEqualTo(c.field());
                assertThat(fe.message()).contains(c.says());
              });
      return e.errors().stream().map(FieldError::toString).toList();
    }
    throw new AssertionError(c + " was accepted by the validator");
  }

  /**
   * What the API server's admission (the bundled CRD's schema and CEL rules) says about {@code sd}:
   * empty when it would store the object and the operator would see it.
   */
  static List<String> schemaProblems(SenderDomain sd) {
    return CustomResourceDefinitions.bundled()
        .forKind("senderdomain.dev/v1alpha1", "SenderDomain")
        .orElseThrow()
        .review(Serialization.jsonMapper().valueToTree(sd), null)
        .strictProblems()
        .stream()
        .map(FieldProblem::toString)
        .toList();
  }

  /**
   * {@code plan}, {@code push} and {@code validate} refuse every case with exit 2 and print the
   * same lines, each with file, line, document and resource. Where the CRD schema admits the
   * object, those lines are exactly the validator's problems, the messages the operator puts in
   * Ready; where the schema refuses it (as the API server would, so the operator never sees it),
   * they are the schema's problems first, and every validator problem on a field the schema did not
   * already refuse.
   */
  @ParameterizedTest(name = "plan, push and validate refuse {0}")
  @MethodSource("invalidCases")
  void planPushAndValidatePrintTheSameProblemsOneLineEach(InvalidSpecs.Case c, SenderDomain sd)
      throws Exception {
    List<String> validator = problems(sd, c);
    List<String> schema = schemaProblems(sd);
    Path file = write(sd.getMetadata().getName() + ".yaml", sd);
    String prefix =
        Pattern.quote(file.toString())
            + ":[0-9]+: document 1 \\("
            + Pattern.quote(who(sd))
            + "\\): ";

    Run validate = run("validate", file.toString());
    assertThat(validate.exit()).as(validate.err()).isEqualTo(2);
    List<String> lines = validate.err().lines().toList();
    assertThat(lines).allMatch(l -> l.matches(prefix + ".*"), "file:line: document (resource): ");
    List<String> said = lines.stream().map(l -> l.replaceFirst(prefix, "")).toList();
    if (schema.isEmpty()) {
      assertThat(said).containsExactlyElementsOf(validator);
    } else {
      List<String> expected = new ArrayList<>(schema);
      validator.stream().filter(v -> !said(schema, v)).forEach(expected::add);
      assertThat(said).containsExactlyInAnyOrderElementsOf(expected);
    }

    Run plan = run("plan", file.toString());
    assertThat(plan.exit()).as(plan.err()).isEqualTo(2);
    assertThat(plan.err().lines()).containsExactlyElementsOf(lines);

    Run push = run("push", "-f", file.toString(), "--dry-run");
    assertThat(push.exit()).as(push.err()).isEqualTo(2);
    assertThat(push.err().lines()).containsExactlyElementsOf(lines);
  }

  /** Whether the schema already refused the field of validator problem {@code v}. */
  private static boolean said(List<String> schema, String v) {
    String field = v.substring(0, v.indexOf(": "));
    // A problem without a field (the API server's "rules not checked") covers the whole object.
    return schema.stream()
        .map(p -> p.substring(0, p.indexOf(": ")))
        .anyMatch(
            f ->
                f.equals("<nil>")
                    || f.equals(field)
                    || f.startsWith(field + ".")
                    || f.startsWith(field + "[")
                    || field.startsWith(f + ".")
                    || field.startsWith(f + "["));
  }

  @Test
  void theOperatorRefusesEveryInvalidCaseWithTheSameMessagesAndInvalidSpec() {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    invalidCases()
        .forEach(
            a -> {
              InvalidSpecs.Case c = (InvalidSpecs.Case) a.get()[0];
              SenderDomain sd = (SenderDomain) a.get()[1];
              if (c.reachesTheApi()) {
                expected.put(sd.getMetadata().getName(), problems(sd, c));
                client.resource(sd).create();
              }
            });
    assertThat(expected).hasSizeGreaterThan(60);
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      Condition ready = awaitReady(e.getKey(), "False");
      assertThat(ready.getReason()).as(e.getKey()).isEqualTo("InvalidSpec");
      assertThat(ready.getMessage()).as(e.getKey()).isEqualTo(String.join("; ", e.getValue()));
    }
  }

  static Stream<Arguments> validVariants() {
    return Stream.of(
        Arguments.of("an internationalized domain", edit(s -> s.domain = "bücher.example")),
        Arguments.of("a trailing dot and capitals", edit(s -> s.domain = "Mail.Example.ORG.")),
        Arguments.of(
            "a gate with defaults",
            edit(
                s ->
                    s.dmarc.rollout.gate =
                        new dev.senderdomain.operator.api.v1alpha1.DmarcSpec.Gate())));
  }

  @ParameterizedTest(name = "every entry point accepts {0}")
  @MethodSource("validVariants")
  void everyEntryPointAcceptsTheValidVariants(String what, Consumer<SenderDomain> variant)
      throws Exception {
    SenderDomain sd = ExampleSpecs.resource(ExampleSpecs.shop());
    String name = "valid-" + Math.abs(what.hashCode());
    sd.getMetadata().setName(name);
    variant.accept(sd);
    Path file = write(name + ".yaml", sd, manualProvider());
    Run validate = run("validate", file.toString());
    assertThat(validate.exit()).as(validate.err()).isZero();
    Run plan = run("plan", file.toString());
    assertThat(plan.exit()).as(plan.err()).isZero();
    Run push = run("push", "-f", file.toString(), "--dry-run");
    assertThat(push.exit()).as(push.err()).isZero();
    client.resource(sd).create();
    Condition ready = awaitReady(name, "True");
    assertThat(ready.getReason()).isEqualTo("Reconciled");
  }

  static Consumer<SenderDomain> edit(
      Consumer<dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec> e) {
    return sd -> e.accept(sd.getSpec());
  }

  static String who(SenderDomain sd) {
    return sd.getMetadata().getName() == null
        ? "SenderDomain (no name)"
        : "SenderDomain " + NS + "/" + sd.getMetadata().getName();
  }

  static DnsProvider manualProvider() {
    DnsProvider p = new DnsProvider();
    p.getMetadata().setName("bind-primary");
    p.getMetadata().setNamespace(NS);
    p.setSpec(new DnsProviderSpec());
    p.getSpec().manual = new DnsProviderSpec.Manual();
    return p;
  }

  static Path write(String name, HasMetadata... objects) throws Exception {
    Path file = tmp.resolve(name.length() > 100 ? "long-" + name.hashCode() + ".yaml" : name);
    Files.writeString(file, Manifests.toYaml(List.of(objects)));
    return file;
  }

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

  static Condition awaitReady(String name, String status) {
    List<Condition> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              SenderDomain s =
                  client.resources(SenderDomain.class).inNamespace(NS).withName(name).get();
              seen.clear();
              if (s != null && s.getStatus() != null && s.getStatus().conditions != null) {
                s.getStatus().conditions.stream()
                    .filter(c -> c.getType().equals("Ready") && c.getStatus().equals(status))
                    .forEach(seen::add);
              }
              return !seen.isEmpty();
            });
    return seen.get(0);
  }
}
