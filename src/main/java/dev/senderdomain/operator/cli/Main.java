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
  /**
   * dnsjava's NIO shutdown hook joins its selector thread; when a DNS query in flight at SIGTERM
   * starts the selector again (dnsjava 3.6.3's close races with {@code NioClient.selector()}), that
   * join never returns and the process hangs until SIGKILL (seen in the start-up benchmark). The
   * selector thread is a daemon holding only sockets, so the JVM exits cleanly without the hook.
   */
  static final String DNSJAVA_SHUTDOWN_HOOK = "dnsjava.nio.register_shutdown_hook";

  public static void main(String[] args) {
    if (System.getProperty(DNSJAVA_SHUTDOWN_HOOK) == null) {
      System.setProperty(DNSJAVA_SHUTDOWN_HOOK, "false");
    }
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
