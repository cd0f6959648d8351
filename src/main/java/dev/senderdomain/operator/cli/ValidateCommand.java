package dev.senderdomain.operator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate FILE|DIR...}: for GitOps pipelines, what {@code kubectl apply} (the CRDs' schema
 * and CEL rules, strict field validation) and then the operator would refuse, offline, like
 * kubeconform plus the operator's own rules. Every problem is printed, one a line, with file, line,
 * document and field.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check SenderDomain, DnsProvider and ClusterDnsProvider manifests offline: the CRD schema and"
          + " CEL rules as the API server applies them (unknown fields are errors, as with kubectl's"
          + " strict validation), then the operator's own checks. Prints every problem as"
          + " FILE:LINE: document N (Kind namespace/name): FIELD: MESSAGE.",
      "Exit codes: 0 every document is valid, 2 a problem was found (or a file cannot be read)."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description =
          "Manifests: multi-document YAML or JSON files; directories are read recursively"
              + " (*.yaml, *.yml, *.json). Other kinds are skipped.")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Manifests manifests = Manifests.read(paths);
    manifests.problems.forEach(err::println);
    err.flush();
    if (!manifests.valid()) {
      out.printf(
          "%d problem(s) in %d checked object(s)%n",
          manifests.problems.size(), manifests.checked());
      out.flush();
      return 2;
    }
    out.printf("%d object(s) valid%n", manifests.checked());
    out.flush();
    return 0;
  }
}
