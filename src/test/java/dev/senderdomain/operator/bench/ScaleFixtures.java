package dev.senderdomain.operator.bench;

import static dev.senderdomain.operator.bench.BenchTable.f;
import static dev.senderdomain.operator.bench.ScaleBench.NS;
import static dev.senderdomain.operator.bench.ScaleBench.ZONE;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.testsupport.BindServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What the scale and start-up runs put into the API: the BIND provider, N example SenderDomains;
 * when one is done.
 */
final class ScaleFixtures {
  private ScaleFixtures() {}

  static void setUp(KubernetesClient client, BindServer bind) {
    bind.applyAsDnsProvider(client, NS, "bind", ZONE);
  }

  /**
   * The example SenderDomain (SPF, DKIM, DMARC rollout, bounce MX, tracking CNAME) for domain
   * {@code i}.
   */
  static SenderDomain domain(int i, DkimAlgorithm alg) {
    String domain = f("d%05d.%s", i, ZONE);
    String yaml =
        """
        apiVersion: senderdomain.dev/v1alpha1
        kind: SenderDomain
        metadata:
          name: %s
          namespace: %s
        spec:
          domain: %s
          providerRef:
            name: bind
          ttl: 3600
          spf:
            include: [_spf.mailer.example.net]
            ip4: [203.0.113.0/24]
            all: fail
          dkim:
            algorithms: [%s]
          bounce:
            name: bounce
            mx:
              - preference: 10
                host: mx1.mailer.example.net
          tracking:
            name: clicks
            target: track.mailer.example.net
          dmarc:
            rua: [mailto:dmarc@%s]
            rollout:
              start: "2027-01-01"
              targetPolicy: reject
              targetDate: "2027-04-01"
        """
            .formatted(domain.replace('.', '-'), NS, domain, alg.toString(), domain);
    return Serialization.unmarshal(yaml, SenderDomain.class);
  }

  /**
   * Finished: Ready and KeysReady (Ready alone is already True while the first key is still
   * PENDING, before the reconcile that sees its record served activates it), as {@code
   * OperatorWithBindIT} waits for.
   */
  static boolean isReady(SenderDomain sd) {
    return isTrue(sd, "Ready")
        && isTrue(sd, "KeysReady")
        && sd.getStatus().dkim != null
        && sd.getStatus().dkim.activeSelectors != null
        && !sd.getStatus().dkim.activeSelectors.isBlank();
  }

  private static boolean isTrue(SenderDomain sd, String type) {
    return sd.getStatus() != null
        && sd.getStatus().conditions != null
        && sd.getStatus().conditions.stream()
            .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
  }
}
