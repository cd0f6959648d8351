package dev.senderdomain.operator.dkim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the spec asks of the key ring, as the validator decided it ({@code spec.dkim}).
 *
 * <p>Defaults: algorithms {@code [rsa-2048]}; without {@code spec.dkim.rotation} keys are never
 * rotated automatically ({@code every} empty); with it, {@code every} 180d (M3AAWG), {@code
 * propagationDelay} twice the record TTL but at least 1h, {@code retireAfter} 7d. A revoked record
 * ({@code p=}) stays for {@code retireAfter} too before it is removed.
 *
 * @param every rotate the active key this long after it became active; empty: only on request
 * @param propagationDelay how long a verified record is published before its key signs (at least 2x
 *     the TTL, so no resolver still holds an older answer for the selector)
 * @param retireAfter how long a replaced key stays published, and a revoked record stays before
 *     removal
 */
public record KeyPolicy(
    List<DkimAlgorithm> algorithms,
    Optional<Duration> every,
    Duration propagationDelay,
    Duration retireAfter) {

  public static final Duration DEFAULT_EVERY = Duration.ofDays(180);
  public static final Duration DEFAULT_RETIRE_AFTER = Duration.ofDays(7);
  public static final Duration MIN_PROPAGATION_DELAY = Duration.ofHours(1);

  /** Invariants the validator has checked already; a violation is a programming error. */
  public KeyPolicy {
    algorithms = List.copyOf(algorithms);
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("a key policy needs at least one algorithm");
    }
    for (int i = 0; i < algorithms.size(); i++) {
      for (int j = i + 1; j < algorithms.size(); j++) {
        if (algorithms.get(i).keyType().equals(algorithms.get(j).keyType())) {
          throw new IllegalArgumentException(
              "a key policy has one algorithm per key type, not "
                  + algorithms.get(i)
                  + " and "
                  + algorithms.get(j));
        }
      }
    }
  }

  /**
   * The propagation delay when the spec names none: twice the record TTL (RFC 1035 caches keep an
   * answer that long at most), but at least {@link #MIN_PROPAGATION_DELAY}.
   */
  public static Duration defaultPropagationDelay(Duration recordTtl) {
    Duration twice = recordTtl.multipliedBy(2);
    return twice.compareTo(MIN_PROPAGATION_DELAY) < 0 ? MIN_PROPAGATION_DELAY : twice;
  }

  /** All defaults for records published with {@code recordTtl}: RSA-2048, never rotated. */
  public static KeyPolicy defaults(Duration recordTtl) {
    return new KeyPolicy(
        List.of(DkimAlgorithm.RSA_2048),
        Optional.empty(),
        defaultPropagationDelay(recordTtl),
        DEFAULT_RETIRE_AFTER);
  }

  /**
   * What the owner should know about this choice of algorithms: it is allowed, but weaker or less
   * useful than it looks.
   */
  public List<String> advice() {
    List<String> advice = new ArrayList<>();
    if (algorithms.contains(DkimAlgorithm.RSA_1024)) {
      advice.add(
          "rsa-1024 is legacy: RFC 8301 section 3.2 asks signers for RSA keys of at least 2048 bits;"
              + " set spec.dkim.algorithms to rsa-2048");
    }
    if (algorithmFor("rsa").isEmpty()) {
      advice.add(
          "ed25519 without an RSA key: Gmail and Outlook do not verify Ed25519 signatures (RFC 8463),"
              + " so their DKIM result is none; add rsa-2048 to spec.dkim.algorithms");
    }
    return List.copyOf(advice);
  }

  /** The algorithm wanted for a key type, if the spec lists one. */
  public Optional<DkimAlgorithm> algorithmFor(String keyType) {
    return algorithms.stream().filter(a -> a.keyType().equals(keyType)).findFirst();
  }
}
