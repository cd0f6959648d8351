package dev.senderdomain.operator.dns.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.RequestBudget;
import dev.senderdomain.operator.dns.publish.ProviderRegistry;
import dev.senderdomain.operator.testsupport.BindServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An RFC 2136 server has no request limit of its own, so a DnsProvider may set one ({@code
 * spec.requestBudget}): every message the adapter sends to a real BIND (queries, UPDATEs) draws
 * from it. The budget's clock is the test's, so nothing here is timed: the waits are counted.
 */
class Rfc2136BudgetBindTest {
  static final String ZONE = "budget.test";
  static BindServer bind;

  @BeforeAll
  static void start() {
    bind = BindServer.start(List.of(ZONE), Map.of(), true);
  }

  @AfterAll
  static void stop() {
    bind.close();
  }

  @Test
  void everyMessageToTheServerDrawsFromTheBudgetTheDnsProviderSets() throws Exception {
    AtomicLong now = new AtomicLong();
    List<Duration> waits = new ArrayList<>();
    RequestBudget budget =
        new RequestBudget(
            2,
            Duration.ofSeconds(1),
            now::get,
            d -> {
              waits.add(d);
              now.addAndGet(d.toNanos());
            });
    Rfc2136Adapter adapter = new Rfc2136Adapter(bind.settings(ZONE), budget);
    long[] before = bind.opcodes();

    adapter.apply(
        new ChangeSet(
            List.of(
                new RecordSet("a." + ZONE, RecordType.TXT, 300, List.of("one")),
                new RecordSet("b." + ZONE, RecordType.TXT, 300, List.of("two"))),
            List.of(),
            List.of()));
    List<RecordSet> read =
        adapter.read(
            List.of(
                new RecordKey("a." + ZONE, RecordType.TXT),
                new RecordKey("b." + ZONE, RecordType.TXT),
                new RecordKey("c." + ZONE, RecordType.TXT),
                new RecordKey("a." + ZONE, RecordType.MX)));

    assertThat(read).extracting(RecordSet::name).containsExactly("a." + ZONE, "b." + ZONE);
    long[] after = bind.opcodes();
    long messages = (after[0] - before[0]) + (after[1] - before[1]);
    assertThat(messages).as("queries and UPDATEs BIND received").isGreaterThanOrEqualTo(5);
    // 2 per second and no time passing but the waits: message k goes at (k - 1) / 2 seconds.
    assertThat(Duration.ofNanos(now.get()))
        .as("time the budget made the adapter wait, for %d messages", messages)
        .isEqualTo(Duration.ofSeconds((messages - 1) / 2));
    assertThat(waits).hasSize((int) ((messages - 1) / 2));
  }

  @Test
  void theDnsProvidersBudgetReachesTheAdapterAndWithoutOneThereIsNone() throws Exception {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.rfc2136 = new DnsProviderSpec.Rfc2136();
    spec.rfc2136.server = bind.host();
    spec.rfc2136.port = bind.port();
    spec.rfc2136.zone = ZONE;
    Rfc2136Adapter unlimited = (Rfc2136Adapter) ProviderRegistry.create(spec, "mail", null);
    assertThat(unlimited.budget()).isSameAs(RequestBudget.UNLIMITED);

    spec.requestBudget = new DnsProviderSpec.RequestBudgetSpec();
    spec.requestBudget.requests = 40;
    spec.requestBudget.per = "1s";
    Rfc2136Adapter limited = (Rfc2136Adapter) ProviderRegistry.create(spec, "mail", null);
    assertThat(limited.budget()).hasToString("RequestBudget[40 per PT1S]");
  }
}
