package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.records.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DKIM keys for {@code push}: taken from the key Secret among the {@code -f} files, missing ones
 * generated. The seam where the {@code dkim} package's key model and Secret codec plug in, so push
 * and the operator read and write the same Secret layout.
 */
public interface KeySource {
  /**
   * @param existing the key Secret given with {@code -f}, if any
   * @param served selectors whose records the DNS server has accepted (moves new keys on in their
   *     lifecycle)
   * @return the records to publish and the key Secret as it stands afterwards
   */
  Keys keys(
      SenderDomain domain,
      SenderDomainConfig config,
      Optional<Secret> existing,
      Set<String> served,
      Instant at);

  /**
   * The Secret name the keys live in: {@code existingSecretName}, {@code secretName}, or {@code
   * <name>-dkim}.
   */
  static String secretName(SenderDomain domain) {
    var dkim = domain.getSpec().dkim;
    if (dkim != null && dkim.existingSecretName != null) {
      return dkim.existingSecretName;
    }
    if (dkim != null && dkim.secretName != null) {
      return dkim.secretName;
    }
    return domain.getMetadata().getName() + "-dkim";
  }

  /**
   * @param generated selectors whose keys were made now (they exist nowhere else until the Secret
   *     is saved)
   */
  record Keys(List<DkimPublicRecord> records, Secret secret, List<String> generated) {
    public Keys {
      records = List.copyOf(records);
      generated = List.copyOf(generated);
    }
  }
}
