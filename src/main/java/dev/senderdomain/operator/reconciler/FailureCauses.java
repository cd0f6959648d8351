package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.dns.provider.DnsProviderException;
import java.util.Optional;

/** What a failed reconcile was about, looking through JOSDK's wrapping. */
final class FailureCauses {
  private FailureCauses() {}

  /** The operator is stopping: the reconcile was cut short, not failed. */
  static boolean interrupted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof java.io.InterruptedIOException
              && !(t instanceof java.net.SocketTimeoutException)) {
        return true;
      }
    }
    return false;
  }

  /** JOSDK may wrap what the reconcile threw. */
  static Optional<DnsProviderException> providerCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DnsProviderException d) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
