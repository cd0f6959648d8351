package dev.senderdomain.operator.reconciler;

import static dev.senderdomain.operator.dkim.RingNotation.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.dkim.KeyRing;
import dev.senderdomain.operator.dkim.RingNotation;
import dev.senderdomain.operator.dkim.RotationPlan;
import dev.senderdomain.operator.dkim.RotationPolicy;
import dev.senderdomain.operator.dkim.RotationRequest;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DkimStatusMapperTest {
  @Test
  void listsEveryKeyWithItsNextTransition() {
    KeyRing ring =
        RingNotation.ring(
            "sd2026a:rsa-2048:RETIRING:180d+2h, sd2026b:ed25519:ACTIVE:0d, sd2026c:rsa-2048:ACTIVE:180d+2h,"
                + " sd2026d:ed25519:PENDING:181d");
    RotationPlan plan =
        RotationPolicy.plan(
            ring,
            RingNotation.policy("rsa-2048,ed25519/180d"),
            RotationRequest.NONE,
            Set.of(),
            at("181d"));
    SenderDomainStatus.DkimStatus s = DkimStatusMapper.toStatus(ring, plan, "shop-dkim");
    assertThat(s.secretName).isEqualTo("shop-dkim");
    assertThat(s.activeSelectors).isEqualTo("sd2026c,sd2026b");
    assertThat(s.keys)
        .extracting(
            k ->
                k.selector
                    + " "
                    + k.algorithm
                    + " "
                    + k.bits
                    + " "
                    + k.state
                    + " "
                    + k.since
                    + " -> "
                    + k.nextTransition)
        .containsExactly(
            "sd2026a rsa-2048 2048 RETIRING 2026-08-28T02:00:00Z -> REVOKED at 2026-09-04T02:00:00Z",
            "sd2026b ed25519 256 ACTIVE 2026-03-01T00:00:00Z -> null",
            "sd2026c rsa-2048 2048 ACTIVE 2026-08-28T02:00:00Z -> rotation starts at 2027-02-24T02:00:00Z",
            "sd2026d ed25519 256 PENDING 2026-08-29T00:00:00Z -> PUBLISHED once its record is verified at the"
                + " authoritative servers");
    assertThat(plan.nextCheckAt()).isEqualTo(at("181d+1m"));
  }
}
