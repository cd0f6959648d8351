package dev.senderdomain.operator.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which package may import which (docs/architecture.md draws the same table). Every package of the
 * main code is listed; a package not listed, or an import not allowed here, fails the build.
 */
class PackageGraphTest {
  static final String BASE = "dev.senderdomain.operator";

  /**
   * Package (relative to {@link #BASE}; {@code .*} means every sub-package) -> the packages it may
   * import. The order is the layering, from the leaves up.
   */
  static final Map<String, Set<String>> MAY_IMPORT = new LinkedHashMap<>();

  static {
    allow("api.v1alpha1");
    allow("time");
    allow("http");
    allow("metrics");
    allow("dns");
    // The registry and the adapters are the one reader of a DnsProvider's spec (DnsProviderSpec,
    // SecretKeySelector): a provider section is its adapter's own configuration.
    // time: spec.requestBudget.per is written as every duration is (Durations).
    allow("dns.provider", "dns", "api.v1alpha1", "time");
    allow("dns.provider.*", "dns.provider", "dns", "api.v1alpha1");
    allow("dns.publish", "dns.provider.*", "dns.provider", "dns", "api.v1alpha1");
    allow("dkim", "time");
    allow("rollout", "dns");
    allow("records", "rollout", "dns");
    allow("report", "dns", "time");
    allow("report.store", "report", "dns", "time");
    // Who is sending and what to fix: from a window's sources and stored DKIM/SPF results.
    allow("report.sender", "report.store", "report", "dns", "time");
    allow("report.dashboard", "report.sender", "report.store", "report", "http", "dns", "time");
    allow(
        "report.ingest",
        "report.dashboard",
        "report.sender",
        "report.store",
        "report",
        "http",
        "metrics",
        "dns",
        "time");
    // The CRDs' own admission (OpenAPI schema + CEL), as the API server applies it: works on JSON,
    // knows nothing of the Java classes.
    allow("validate.admission");
    allow("validate", "api.v1alpha1", "dkim", "records", "rollout", "report", "dns", "time");
    allow(
        "reconciler",
        "validate",
        "api.v1alpha1",
        "dkim",
        "records",
        "rollout",
        "report.*",
        "report",
        "dns.publish",
        "dns.provider",
        "dns",
        "metrics",
        "time");
    // cli: the commands may use everything, the operator itself included (run).
    Set<String> cli = new TreeSet<>(MAY_IMPORT.get("reconciler"));
    cli.addAll(Set.of("reconciler", "http", "validate.admission"));
    MAY_IMPORT.put("cli", Set.copyOf(cli));
  }

  static JavaClasses main;

  private static void allow(String pkg, String... imports) {
    MAY_IMPORT.put(pkg, Set.of(imports));
  }

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(BASE);
  }

  static List<String> packages() {
    return List.copyOf(MAY_IMPORT.keySet());
  }

  @ParameterizedTest(name = "{0} imports only what the graph allows")
  @MethodSource("packages")
  void eachPackageImportsOnlyWhatTheGraphAllows(String pkg) {
    Set<String> allowed = new TreeSet<>(MAY_IMPORT.get(pkg));
    allowed.add(pkg);
    String[] forbidden =
        MAY_IMPORT.keySet().stream()
            .filter(other -> allowed.stream().noneMatch(a -> covers(a, other)))
            .map(PackageGraphTest::pattern)
            .toArray(String[]::new);
    var classes = noClasses().that().resideInAPackage(pattern(pkg));
    if (pkg.endsWith(".*")) {
      // Sub-packages may not import each other: providers never import providers.
      slices()
          .matching(BASE + "." + pkg.substring(0, pkg.length() - 2) + ".(*)..")
          .should()
          .notDependOnEachOther()
          .check(main);
    }
    classes.should().dependOnClassesThat().resideInAnyPackage(forbidden).check(main);
  }

  @Test
  void everyPackageOfTheMainCodeIsInTheGraph() {
    Set<String> unlisted = new TreeSet<>();
    main.forEach(
        c -> {
          String pkg = c.getPackageName().substring(BASE.length()).replaceFirst("^\\.", "");
          boolean listed =
              MAY_IMPORT.keySet().stream()
                  .anyMatch(
                      p ->
                          p.endsWith(".*")
                              ? pkg.startsWith(p.substring(0, p.length() - 1))
                              : pkg.equals(p));
          if (!listed) {
            unlisted.add(pkg);
          }
        });
    assertThat(unlisted).as("packages the graph does not place").isEmpty();
  }

  @Test
  void thePackageGraphHasNoCycles() {
    slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(main);
  }

  @Test
  void onlyTheValidatorAndTheApiClassesReadASenderDomainsSpec() {
    noClasses()
        .that()
        .resideOutsideOfPackages(BASE + ".validate", BASE + ".api..")
        .should()
        .callMethod(SenderDomain.class, "getSpec")
        .because("the validated SenderDomainConfig is the one reader of the spec")
        .check(main);
  }

  @Test
  void theDnsProviderCodeReadsNothingOfTheApiButTheProviderSpec() {
    noClasses()
        .that()
        .resideInAnyPackage(BASE + ".dns.provider..", BASE + ".dns.publish")
        .should()
        .dependOnClassesThat(
            resideInAPackage(BASE + ".api..")
                .and(not(nameMatching(".*\\.(DnsProviderSpec(\\$.*)?|SecretKeySelector)"))))
        .check(main);
  }

  @Test
  void onlyTheReconcilerUsesTheOperatorSdk() {
    noClasses()
        .that()
        .resideOutsideOfPackage(BASE + ".reconciler")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.javaoperatorsdk..")
        .check(main);
  }

  @Test
  void thereIsNoUtilPackage() {
    noClasses().should().resideInAPackage("..util..").check(main);
  }

  /** Whether an allowed entry ({@code report.*} or {@code report}) covers package {@code pkg}. */
  private static boolean covers(String allowed, String pkg) {
    return allowed.equals(pkg)
        || (allowed.endsWith(".*") && pkg.startsWith(allowed.substring(0, allowed.length() - 1)));
  }

  private static String pattern(String pkg) {
    return pkg.endsWith(".*")
        ? BASE + "." + pkg.substring(0, pkg.length() - 2) + ".*.."
        : BASE + "." + pkg;
  }
}
