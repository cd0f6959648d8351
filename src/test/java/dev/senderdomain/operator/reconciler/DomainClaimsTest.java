package dev.senderdomain.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DomainClaimsTest {
  static SenderDomain sd(String ns, String name, String created, String uid) {
    SenderDomain sd = new SenderDomain();
    sd.getMetadata().setNamespace(ns);
    sd.getMetadata().setName(name);
    sd.getMetadata().setCreationTimestamp(created);
    sd.getMetadata().setUid(uid);
    sd.setSpec(new SenderDomainSpec());
    sd.getSpec().domain = "shop.example.com";
    return sd;
  }

  @Test
  void theOneCreatedFirstWinsAndTheMessageSaysSoWithoutCallingTheLaterOneOlder() {
    SenderDomain first = sd("team-b", "shop", "2026-12-04T05:00:00Z", "ffff");
    SenderDomain later = sd("team-a", "shop", "2026-12-04T05:00:01Z", "0000");
    assertThat(DomainClaims.olderClaim(later, "shop.example.com", Stream.of(first, later)))
        .contains(first);
    assertThat(DomainClaims.olderClaim(first, "shop.example.com", Stream.of(first, later)))
        .isEmpty();
    assertThat(DomainClaims.rule(first, later))
        .isEqualTo("created first (2026-12-04T05:00:00Z, this one 2026-12-04T05:00:01Z)");
  }

  @Test
  void inTheSameSecondTheLowerUidWinsWhateverTheNamespaceOrTheOrderSeen() {
    SenderDomain a = sd("team-z", "shop", "2026-12-04T05:00:00Z", "1b2c");
    SenderDomain b = sd("team-a", "shop", "2026-12-04T05:00:00Z", "9f00");
    for (List<SenderDomain> seen : List.of(List.of(a, b), List.of(b, a))) {
      assertThat(DomainClaims.olderClaim(b, "shop.example.com", seen.stream())).contains(a);
      assertThat(DomainClaims.olderClaim(a, "shop.example.com", seen.stream())).isEmpty();
    }
    assertThat(DomainClaims.rule(a, b))
        .isEqualTo(
            "created in the same second (2026-12-04T05:00:00Z), and its uid 1b2c sorts before"
                + " this one's 9f00");
  }

  @Test
  void fractionsOfASecondCompareAsTimesNotAsText() {
    // As text, "00.5Z" sorts before "00Z" ('.' < 'Z'); in time it is half a second later.
    SenderDomain halfPast = sd("a", "x", "2026-12-04T05:00:00.5Z", "a");
    SenderDomain onTheSecond = sd("b", "y", "2026-12-04T05:00:00Z", "z");
    assertThat(DomainClaims.SENIORITY.compare(onTheSecond, halfPast)).isNegative();
  }
}
