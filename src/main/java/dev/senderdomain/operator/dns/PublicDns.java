package dev.senderdomain.operator.dns;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Read-only lookups in the public DNS, for the checks receivers will make: the SPF lookup budget
 * (RFC 7208 4.6.4) and the organizational domain's DMARC record (RFC 9989 tree walk).
 * Implementations throw {@link UncheckedIOException} when DNS cannot be reached: a check is then
 * skipped, never failed.
 */
public interface PublicDns {
  /**
   * Every TXT string at {@code name} (each record's character-strings joined); empty when there is
   * none.
   */
  List<String> txt(String name);

  /** The v=spf1 value at {@code name}, empty for a void lookup. */
  default Optional<String> spf(String name) {
    return txt(name).stream().filter(SpfRecord::isSpf).findFirst();
  }
}
