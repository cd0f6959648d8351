package dev.senderdomain.operator.dkim;

import java.time.Instant;

/**
 * A quick keygen measurement (not a JMH benchmark; the benchmark issue compares formally): keys per
 * second per provider per algorithm, after a warm-up. Run: {@code java -cp ...
 * dev.senderdomain.operator.dkim.DkimKeyGenBenchmark [seconds]}.
 */
public final class DkimKeyGenBenchmark {
  private DkimKeyGenBenchmark() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    for (DkimAlgorithm alg : new DkimAlgorithm[] {DkimAlgorithm.RSA_2048, DkimAlgorithm.ED25519}) {
      for (DkimKeyGenerator.Provider p : DkimKeyGenerator.Provider.values()) {
        System.out.printf(
            "%-9s %-14s %8.1f keys/s%n", alg, p, measure(DkimKeyGenerator.using(p), alg, seconds));
      }
    }
  }

  /** Keys per second over {@code seconds} of wall time, after a warm-up of a fifth of that. */
  static double measure(DkimKeyGenerator generator, DkimAlgorithm alg, double seconds) {
    run(generator, alg, (long) (seconds * 200_000_000L));
    return run(generator, alg, (long) (seconds * 1_000_000_000L));
  }

  private static double run(DkimKeyGenerator generator, DkimAlgorithm alg, long nanos) {
    long start = System.nanoTime();
    long n = 0;
    while (System.nanoTime() - start < nanos) {
      generator.generate("bench", alg, Instant.EPOCH);
      n++;
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
