package dev.senderdomain.operator.report.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.testsupport.MutableClock;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reverse DNS against a real BIND 9 (Debian package) serving a reverse zone on 127.0.0.1. */
class ReverseDnsLookupTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

  @Test
  void findsPtrNamesAndCachesHitsAndMisses() throws Exception {
    ReverseDnsLookup lookup;
    try (ReverseZoneBind bind =
        ReverseZoneBind.start(Map.of(10, "mta1.example.com", 11, "<b>x</b>.example"))) {
      lookup =
          ReverseDnsLookup.at(
              new InetSocketAddress("127.0.0.1", bind.port), Duration.ofSeconds(2), clock);
      assertThat(lookup.apply("192.0.2.10")).contains("mta1.example.com");
      assertThat(lookup.apply("192.0.2.12")).isEmpty();
      // whoever owns a reverse zone can put anything there (check-names off): returned as is,
      // escaped by the page
      assertThat(lookup.apply("192.0.2.11")).contains("<b>x</b>.example");
    }
    // the server is gone: answers within the cache lifetime come from the cache
    assertThat(lookup.apply("192.0.2.10")).contains("mta1.example.com");
    clock.advance(Duration.ofMinutes(5));
    assertThat(lookup.apply("192.0.2.12")).isEmpty();
    clock.advance(Duration.ofDays(2));
    assertThat(lookup.apply("192.0.2.10")).as("expired, resolver gone").isEmpty();
  }

  @Test
  void aResolverThatNeverAnswersCostsOneShortTimeoutAndNoError() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      ReverseDnsLookup lookup =
          ReverseDnsLookup.at(
              new InetSocketAddress("127.0.0.1", silent.getLocalPort()),
              Duration.ofMillis(300),
              clock);
      long start = System.nanoTime();
      assertThat(lookup.apply("192.0.2.10")).isEmpty();
      assertThat(lookup.apply("not an ip")).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      long again = System.nanoTime();
      assertThat(lookup.apply("192.0.2.10")).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - again))
          .as("cached miss")
          .isLessThan(Duration.ofMillis(100));
    }
  }
}
