package dev.senderdomain.operator.dkim;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the spec asks of the key ring, validated.
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

  public KeyPolicy {
    algorithms = List.copyOf(algorithms);
    if (algorithms.isEmpty()) {
      throw new DkimKeyException("spec.dkim.algorithms: must name at least one algorithm");
    }
    for (int i = 0; i < algorithms.size(); i++) {
      for (int j = i + 1; j < algorithms.size(); j++) {
        if (algorithms.get(i).keyType().equals(algorithms.get(j).keyType())) {
          throw new DkimKeyException(
              "spec.dkim.algorithms: "
                  + algorithms.get(i)
                  + " and "
                  + algorithms.get(j)
                  + " are both "
                  + algorithms.get(i).keyType()
                  + " keys; list one algorithm per key type");
        }
      }
    }
  }

  /**
   * The policy of a spec whose records are published with {@code recordTtl}. A null spec means all
   * defaults.
   */
  public static KeyPolicy fromSpec(DkimSpec spec, Duration recordTtl) {
    List<DkimAlgorithm> algorithms = new ArrayList<>();
    if (spec == null || spec.algorithms == null || spec.algorithms.isEmpty()) {
      algorithms.add(DkimAlgorithm.RSA_2048);
    } else {
      for (int i = 0; i < spec.algorithms.size(); i++) {
        try {
          algorithms.add(DkimAlgorithm.fromSpec(spec.algorithms.get(i)));
        } catch (IllegalArgumentException e) {
          throw new DkimKeyException("spec.dkim.algorithms[" + i + "]: " + e.getMessage());
        }
      }
    }
    Duration minDelay = recordTtl.multipliedBy(2);
    Duration defaultDelay =
        minDelay.compareTo(MIN_PROPAGATION_DELAY) < 0 ? MIN_PROPAGATION_DELAY : minDelay;
    DkimSpec.RotationSpec r = spec == null ? null : spec.rotation;
    if (r == null) {
      return new KeyPolicy(algorithms, Optional.empty(), defaultDelay, DEFAULT_RETIRE_AFTER);
    }
    Duration every = r.every == null ? DEFAULT_EVERY : parse("spec.dkim.rotation.every", r.every);
    Duration delay =
        r.propagationDelay == null
            ? defaultDelay
            : parse("spec.dkim.rotation.propagationDelay", r.propagationDelay);
    Duration retire =
        r.retireAfter == null
            ? DEFAULT_RETIRE_AFTER
            : parse("spec.dkim.rotation.retireAfter", r.retireAfter);
    if (delay.compareTo(minDelay) < 0) {
      throw new DkimKeyException(
          "spec.dkim.rotation.propagationDelay: "
              + r.propagationDelay
              + " is less than twice the record TTL ("
              + format(minDelay)
              + ");"
              + " resolvers could still cache the old answer");
    }
    if (every.compareTo(delay.plus(retire)) <= 0) {
      throw new DkimKeyException(
          "spec.dkim.rotation.every: "
              + r.every
              + " must be longer than propagationDelay ("
              + format(delay)
              + ") plus retireAfter ("
              + format(retire)
              + ")");
    }
    return new KeyPolicy(algorithms, Optional.of(every), delay, retire);
  }

  /** The algorithm wanted for a key type, if the spec lists one. */
  public Optional<DkimAlgorithm> algorithmFor(String keyType) {
    return algorithms.stream().filter(a -> a.keyType().equals(keyType)).findFirst();
  }

  /** Parses {@code 180d}, {@code 48h}, {@code 30m}, {@code 90s}; the error names {@code field}. */
  public static Duration parse(String field, String value) {
    try {
      return Durations.parsePositive(field, value);
    } catch (IllegalArgumentException e) {
      throw new DkimKeyException(e.getMessage());
    }
  }

  /** The shortest exact form: {@code 7d}, {@code 36h}, {@code 90m}, {@code 45s}. */
  public static String format(Duration d) {
    return Durations.format(d);
  }
}
