package dev.senderdomain.operator.dns.provider.rfc2136;

import dev.senderdomain.operator.testsupport.BindServer;
import dev.senderdomain.operator.testsupport.DnsTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The RFC 2136 adapter against a real BIND 9 started on 127.0.0.1. */
class Rfc2136BindTest extends Rfc2136Contract {
  private static BindServer bind;

  @BeforeAll
  static void startBind() {
    // Transfers allowed to the key: the contract then also covers the zone listing by AXFR.
    bind = BindServer.start(java.util.List.of("contract.test"), java.util.Map.of(), true);
  }

  @AfterAll
  static void stopBind() {
    if (bind != null) {
      bind.close();
    }
  }

  @Override
  protected DnsTestServer server() {
    return bind;
  }
}
