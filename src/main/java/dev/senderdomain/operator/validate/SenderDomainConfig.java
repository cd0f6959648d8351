package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.dkim.KeyPolicy;
import dev.senderdomain.operator.dkim.KeySecretSettings;
import dev.senderdomain.operator.dkim.RotationRequest;
import dev.senderdomain.operator.records.RecordsConfig;
import dev.senderdomain.operator.report.GateSpecValues;
import dev.senderdomain.operator.rollout.RolloutTarget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A SenderDomain after validation: every fact the operator, {@code plan}, {@code push} and {@code
 * validate} act on, decided once by {@link SenderDomainValidator} from the spec (and the resource's
 * name and rotation annotation). Nothing else reads the spec, so no two places can disagree about a
 * Secret's name, a domain's spelling or what an absent gate means.
 *
 * <p>Each component is the input type of the package that acts on it, so a package needs nothing
 * from the CRD classes. A new fact is a new component and its rule in the validator.
 *
 * @param domain the From domain: ASCII (A-labels), lower case, no trailing dot
 * @param provider the DnsProvider or ClusterDnsProvider that publishes the records; empty: records
 *     are published by hand (shown and verified, never pushed)
 * @param records what is published besides keys and the DMARC step
 * @param keys the key ring's algorithms and rotation timing
 * @param keySecret where the keys are kept, where to adopt them from, what happens on deletion
 * @param rotationRequest a manual rotation asked for with the {@value RotationRequest#ANNOTATION}
 *     annotation ({@link RotationRequest#NONE} without one)
 * @param rollout the DMARC rollout's target and schedule
 * @param gate the report gate in front of each step up; empty: no gate, every step is taken
 * @param removeRecordsOnDelete {@code spec.deletionPolicy} Delete (the default): the records the
 *     operator published go with the SenderDomain; false (Retain): they stay in DNS
 */
public record SenderDomainConfig(
    String domain,
    Optional<ProviderReference> provider,
    RecordsConfig records,
    KeyPolicy keys,
    KeySecretSettings keySecret,
    RotationRequest rotationRequest,
    RolloutTarget rollout,
    Optional<GateSpecValues> gate,
    boolean removeRecordsOnDelete) {
  public SenderDomainConfig {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(keySecret, "keySecret");
    Objects.requireNonNull(rotationRequest, "rotationRequest");
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(gate, "gate");
  }

  /** TTL in seconds of every record published. */
  public long ttl() {
    return records.ttl();
  }

  /** Whether our SPF mechanisms may be merged into a v=spf1 record somebody else owns. */
  public boolean spfMerge() {
    return records.spf() != null && records.spf().merge();
  }

  /**
   * The senders the spec declares (ip4/ip6 of the domain's and the bounce domain's SPF): report
   * sources from these addresses are expected.
   */
  public List<String> declaredSenders() {
    Set<String> senders = new LinkedHashSet<>();
    for (RecordsConfig.Spf s :
        new RecordsConfig.Spf[] {
          records.spf(), records.bounce() == null ? null : records.bounce().spf()
        }) {
      if (s != null) {
        senders.addAll(s.ip4());
        senders.addAll(s.ip6());
      }
    }
    return List.copyOf(senders);
  }

  /** Every report address (rua, then ruf). */
  public List<String> reportUris() {
    List<String> uris = new ArrayList<>(records.dmarc().rua());
    uris.addAll(records.dmarc().ruf());
    return List.copyOf(uris);
  }
}
