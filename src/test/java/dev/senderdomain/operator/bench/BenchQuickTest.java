package dev.senderdomain.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark still runs: {@code --quick} (tiny sizes, seconds) against the real BIND, nsupdate,
 * openssl and the CRUD mock API. Deliberately no assertion on any speed: CI machines are shared and
 * the figures mean nothing at these sizes; {@code scripts/bench.sh} is the benchmark.
 */
class BenchQuickTest {
  @Test
  void theQuickBenchmarkRunsEverySectionAndWritesItsTable() throws Exception {
    Path out = Path.of("target", "bench-quick.md");
    int exit = BenchMain.run("--quick", "--out=" + out);

    String table = Files.readString(out);
    assertThat(table).doesNotContain("FAILED");
    assertThat(exit).isZero();
    for (String section : new String[] {"| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 5 |", "| 6 |"}) {
      assertThat(table).contains(section);
    }
    assertThat(table)
        .contains(
            "rsa-2048 JDK",
            "ed25519 Bouncy Castle",
            "adapter apply",
            "API writes",
            "bare StAX",
            "healthz/ready");
  }
}
