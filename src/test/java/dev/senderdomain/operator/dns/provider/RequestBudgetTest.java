package dev.senderdomain.operator.dns.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code spec.requestBudget}: read from a DnsProvider spec (refused with the field named), the
 * documented defaults where it is absent, and the budget itself on a clock the test drives: no
 * request waits while the window has room, and each one past it waits exactly until the oldest of
 * the window is {@code per} old.
 */
class RequestBudgetTest {

  @Test
  void aConfiguredBudgetIsReadFromTheSpec() throws Exception {
    assertThat(RequestBudget.configured(spec(20, "1s")))
        .contains(new RequestBudget.Rate(20, Duration.ofSeconds(1)));
    assertThat(RequestBudget.configured(spec(1200, "5m")))
        .contains(new RequestBudget.Rate(1200, Duration.ofMinutes(5)));
    assertThat(RequestBudget.configured(new DnsProviderSpec())).isEmpty();
  }

  @ParameterizedTest(name = "requests {0}, per {1}: {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "0      | 1s   | spec.requestBudget.requests: must be a number from 1 to 100000",
        "100001 | 1s   | spec.requestBudget.requests: must be a number from 1 to 100000",
        "null   | 1s   | spec.requestBudget.requests: must be a number from 1 to 100000",
        "5      | null | spec.requestBudget.per: is required",
        "5      | 0s   | spec.requestBudget.per: must be longer than zero",
        "5      | 1w   | spec.requestBudget.per: '1w' is not a duration like 90s",
      })
  void aBadBudgetIsRefusedNamingTheField(Integer requests, String per, String message) {
    assertThatThrownBy(() -> RequestBudget.configured(spec(requests, per)))
        .isInstanceOfSatisfying(
            DnsProviderException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ProviderFailure.InvalidProvider);
              assertThat(e.permanent()).isTrue();
            })
        .hasMessageStartingWith(message);
  }

  @Test
  void withoutABudgetRoute53AndCloudflareKeepTheirDocumentedLimitsAndTheOthersHaveNone()
      throws Exception {
    DnsProviderSpec none = new DnsProviderSpec();
    assertThat(RequestBudget.forProvider(none, "route53", "AKIA-test-a", RequestBudget.ROUTE53))
        .hasToString("RequestBudget[5 per PT1S]");
    assertThat(
            RequestBudget.forProvider(none, "cloudflare", "token-test-a", RequestBudget.CLOUDFLARE))
        .hasToString("RequestBudget[1200 per PT5M]");
    assertThat(RequestBudget.forProvider(none, "rfc2136", "192.0.2.1:53", null))
        .isSameAs(RequestBudget.UNLIMITED);
    assertThat(RequestBudget.forProvider(spec(50, "1s"), "route53", "AKIA-test-a", null))
        .hasToString("RequestBudget[50 per PT1S]");
  }

  @Test
  void providersOfOneServerWithTheSameBudgetShareItAndADifferentBudgetIsItsOwn() throws Exception {
    RequestBudget a =
        RequestBudget.forProvider(spec(3, "1s"), "powerdns", "http://pdns:8081", null);
    RequestBudget b =
        RequestBudget.forProvider(spec(3, "1s"), "powerdns", "http://pdns:8081", null);
    RequestBudget c =
        RequestBudget.forProvider(spec(4, "1s"), "powerdns", "http://pdns:8081", null);
    RequestBudget d =
        RequestBudget.forProvider(spec(3, "1s"), "powerdns", "http://other:8081", null);
    assertThat(a).isSameAs(b);
    assertThat(c).isNotSameAs(a);
    assertThat(d).isNotSameAs(a);
  }

  @Test
  void requestsPastTheBudgetWaitUntilTheOldestOfTheWindowIsPerOld() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    List<Duration> waits = new ArrayList<>();
    RequestBudget budget =
        new RequestBudget(
            3,
            Duration.ofSeconds(2),
            now::get,
            d -> {
              waits.add(d);
              now.addAndGet(d.toNanos());
            });
    List<Long> sentAt = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      budget.take();
      sentAt.add((now.get() - 1_000_000_000L) / 1_000_000);
      now.addAndGet(Duration.ofMillis(100).toNanos());
    }
    // Milliseconds after the start: 3 at once (100 ms apart), then each waits for the one 3 back.
    assertThat(sentAt).containsExactly(0L, 100L, 200L, 2000L, 2100L, 2200L, 4000L);
    assertThat(waits).hasSize(2);
  }

  @Test
  void anUnlimitedBudgetNeverWaits() throws Exception {
    List<Duration> waits = new ArrayList<>();
    RequestBudget budget = new RequestBudget(0, Duration.ZERO, () -> 0L, waits::add);
    for (int i = 0; i < 1000; i++) {
      budget.take();
    }
    assertThat(waits).isEmpty();
  }

  static DnsProviderSpec spec(Integer requests, String per) {
    DnsProviderSpec spec = new DnsProviderSpec();
    spec.requestBudget = new DnsProviderSpec.RequestBudgetSpec();
    spec.requestBudget.requests = requests;
    spec.requestBudget.per = per;
    return spec;
  }
}
