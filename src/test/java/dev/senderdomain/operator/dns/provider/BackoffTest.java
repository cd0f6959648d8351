package dev.senderdomain.operator.dns.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  private final List<Duration> sleeps = new ArrayList<>();
  private final Backoff backoff =
      new Backoff(5, Duration.ofSeconds(1), Duration.ofSeconds(10), sleeps::add);

  @ParameterizedTest
  @CsvSource({"1,,1", "2,,2", "3,,4", "4,,8", "5,,10", "40,,10", "1,3,3", "2,60,10", "3,0,0"})
  void delaysDoubleAreCappedAndFollowTheProvidersHint(
      int retry, Long hintSeconds, long expectedSeconds) {
    Duration hint = hintSeconds == null ? null : Duration.ofSeconds(hintSeconds);
    assertThat(backoff.delay(retry, hint)).isEqualTo(Duration.ofSeconds(expectedSeconds));
  }

  @Test
  void aRateLimitedCallIsRetriedUntilItSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result =
        backoff.run(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new RateLimitedException("slow down", null);
              }
              return "done";
            });
    assertThat(result).isEqualTo("done");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void afterMaxAttemptsTheRateLimitIsReportedAsTransient() {
    AtomicInteger calls = new AtomicInteger();
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () ->
                backoff.run(
                    () -> {
                      calls.incrementAndGet();
                      throw new RateLimitedException("slow down", null);
                    }));
    assertThat(calls).hasValue(5);
    assertThat(e.reason()).isEqualTo(ProviderFailure.RateLimited);
    assertThat(e.permanent()).isFalse();
    assertThat(e.getMessage()).contains("5 attempts");
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    DnsProviderException e =
        catchThrowableOfType(
            DnsProviderException.class,
            () ->
                backoff.run(
                    () -> {
                      calls.incrementAndGet();
                      throw new DnsProviderException(ProviderFailure.Unreachable, "down", false);
                    }));
    assertThat(calls).hasValue(1);
    assertThat(e.reason()).isEqualTo(ProviderFailure.Unreachable);
    assertThat(sleeps).isEmpty();
  }
}
