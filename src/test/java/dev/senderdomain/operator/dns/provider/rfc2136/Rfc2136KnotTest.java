package dev.senderdomain.operator.dns.provider.rfc2136;

import dev.senderdomain.operator.testsupport.DnsTestServer;
import dev.senderdomain.operator.testsupport.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The RFC 2136 adapter against a real Knot DNS started on 127.0.0.1. */
class Rfc2136KnotTest extends Rfc2136Contract {
  private static KnotServer knot;

  @BeforeAll
  static void startKnot() {
    knot = KnotServer.start("contract.test");
  }

  @AfterAll
  static void stopKnot() {
    if (knot != null) {
      knot.close();
    }
  }

  @Override
  protected DnsTestServer server() {
    return knot;
  }
}
