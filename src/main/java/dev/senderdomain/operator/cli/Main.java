package dev.senderdomain.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the jar: the operator ({@code run}) and the cluster-less commands share one
 * engine.
 */
@Command(
    name = "senderdomain-operator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Keeps a mail sender domain trustworthy: DKIM keys, SPF/DKIM/DMARC records, DMARC rollout, reports.",
    subcommands = {
      PlanCommand.class,
      PushCommand.class,
      ReportsCommand.class,
      RunCommand.class,
      ValidateCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command tree, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"senderdomain-operator " + (v == null ? "dev" : v)};
    }
  }
}
