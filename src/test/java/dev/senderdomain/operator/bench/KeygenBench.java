package dev.senderdomain.operator.bench;

import static dev.senderdomain.operator.bench.BenchTable.f;
import static dev.senderdomain.operator.bench.BenchTable.x;

import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.DkimKeyGenerator.Provider;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * 1. Key generation: keys per second, JDK vs Bouncy Castle (through {@link DkimKeyGenerator}, what
 * the operator calls) and vs {@code openssl genpkey} on the same machine. RSA prime search has a
 * wide per-key spread, so the providers are measured in interleaved rounds and summed: load from
 * other users hits both alike.
 */
final class KeygenBench {
  private final BenchTable table;
  private final boolean quick;

  KeygenBench(BenchTable table, boolean quick) {
    this.table = table;
    this.quick = quick;
  }

  void run() throws Exception {
    measure(
        DkimAlgorithm.RSA_2048,
        quick ? 0.3 : 10,
        quick ? 1 : 3,
        List.of("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"));
    measure(
        DkimAlgorithm.ED25519,
        quick ? 0.2 : 2,
        quick ? 1 : 3,
        List.of("genpkey", "-algorithm", "ED25519"));
    table.note("1", "production generator", DkimKeyGenerator.production().toString());
  }

  private void measure(
      DkimAlgorithm alg, double secondsPerRound, int rounds, List<String> opensslArgs)
      throws Exception {
    DkimKeyGenerator jdk = DkimKeyGenerator.using(Provider.JDK);
    DkimKeyGenerator bc = DkimKeyGenerator.using(Provider.BOUNCY_CASTLE);
    timed(jdk, alg, secondsPerRound / 3); // warm-up: JIT, provider lookup
    timed(bc, alg, secondsPerRound / 3);
    long[] jdkN = new long[1];
    long[] bcN = new long[1];
    double jdkT = 0;
    double bcT = 0;
    for (int r = 0; r < rounds; r++) {
      double[] a = timed(jdk, alg, secondsPerRound);
      double[] b = timed(bc, alg, secondsPerRound);
      jdkN[0] += (long) a[0];
      jdkT += a[1];
      bcN[0] += (long) b[0];
      bcT += b[1];
    }
    double jdkRate = jdkN[0] / jdkT;
    double bcRate = bcN[0] / bcT;
    Openssl ossl = openssl(opensslArgs, secondsPerRound * rounds);
    String ref = ossl == null ? "" : f("openssl %.1f keys/s", ossl.rate);
    table.add(
        "1",
        alg + " JDK",
        f("%.1f keys/s (%d keys)", jdkRate, jdkN[0]),
        ref,
        ossl == null ? "" : x(jdkRate / ossl.rate),
        "");
    table.add(
        "1",
        alg + " Bouncy Castle",
        f("%.1f keys/s (%d keys)", bcRate, bcN[0]),
        ref,
        ossl == null ? "" : x(bcRate / ossl.rate),
        "");
    table.add(
        "1",
        alg + " BC vs JDK",
        bcRate > jdkRate ? "BC faster" : "JDK faster",
        "JDK",
        x(bcRate / jdkRate),
        "faster one in production");
    if (ossl != null) {
      table.note(
          "1",
          alg + " openssl genpkey",
          f(
              "%.1f keys/s incl. process start (%d keys); process start alone "
                  + "%.1f ms; without it %.1f keys/s",
              ossl.rate, ossl.keys, ossl.spawnMs, ossl.rateWithoutSpawn()));
    }
  }

  /** {keys, seconds} for as many keys as fit in {@code seconds}. */
  static double[] timed(DkimKeyGenerator g, DkimAlgorithm alg, double seconds) {
    long budget = (long) (seconds * 1e9);
    long start = System.nanoTime();
    long n = 0;
    do {
      g.generate("bench", alg, Instant.EPOCH);
      n++;
    } while (System.nanoTime() - start < budget);
    return new double[] {n, (System.nanoTime() - start) / 1e9};
  }

  record Openssl(double rate, long keys, double spawnMs) {
    double rateWithoutSpawn() {
      double perKey = 1 / rate - spawnMs / 1000;
      return perKey <= 0 ? Double.NaN : 1 / perKey;
    }
  }

  /** Keys per second from a loop of {@code openssl genpkey} processes, or null without openssl. */
  static Openssl openssl(List<String> args, double seconds)
      throws IOException, InterruptedException {
    if (!new File("/usr/bin/openssl").canExecute()) {
      return null;
    }
    List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
    cmd.addAll(args);
    runOnce(cmd);
    long budget = (long) (seconds * 1e9);
    long start = System.nanoTime();
    long n = 0;
    do {
      runOnce(cmd);
      n++;
    } while (System.nanoTime() - start < budget);
    double rate = n / ((System.nanoTime() - start) / 1e9);
    // The cost of starting openssl at all, to tell it apart from key generation (it dominates for
    // Ed25519).
    List<String> version = List.of("/usr/bin/openssl", "version");
    long s2 = System.nanoTime();
    int spawns = 20;
    for (int i = 0; i < spawns; i++) {
      runOnce(version);
    }
    double spawnMs = (System.nanoTime() - s2) / 1e6 / spawns;
    return new Openssl(rate, n, spawnMs);
  }

  private static void runOnce(List<String> cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed");
    }
  }
}
