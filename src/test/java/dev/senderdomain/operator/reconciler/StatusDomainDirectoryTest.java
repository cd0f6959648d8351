package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.testsupport.ExampleSpecs;
import dev.senderdomain.operator.testsupport.MockApi;
import java.time.Clock;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which domains' reports belong to a SenderDomain: every spelling of its domain counts. */
class StatusDomainDirectoryTest {
  MockApi api;

  @BeforeEach
  void start() {
    api = new MockApi().namespace("mail");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  void apply(String name, String domain) {
    SenderDomain sd = ExampleSpecs.resource(ExampleSpecs.shop());
    sd.getMetadata().setName(name);
    sd.getSpec().domain = domain;
    api.client().resource(sd).create();
  }

  @Test
  void reportsForAnInternationalizedOrTrailingDotDomainAreAccepted() {
    apply("books", "bücher.example");
    apply("shop", "Shop.Example.COM.");
    Predicate<String> managed =
        new StatusDomainDirectory(api.client(), Set.of(), Clock.systemUTC()).managedDomain();
    // Receivers report the published (ASCII) name, in whatever case, sometimes with the dot.
    assertThat(managed.test("xn--bcher-kva.example")).isTrue();
    assertThat(managed.test("XN--BCHER-KVA.example.")).isTrue();
    assertThat(managed.test("bücher.example")).isTrue();
    assertThat(managed.test("shop.example.com")).isTrue();
    assertThat(managed.test("shop.example.com.")).isTrue();
    assertThat(managed.test("other.example.com")).isFalse();
  }

  @Test
  void theDashboardListsTheValidatedDomain() {
    apply("books", "bücher.example");
    assertThat(new StatusDomainDirectory(api.client(), Set.of(), Clock.systemUTC()).domains())
        .singleElement()
        .satisfies(d -> assertThat(d.domain()).isEqualTo("xn--bcher-kva.example"));
  }
}
