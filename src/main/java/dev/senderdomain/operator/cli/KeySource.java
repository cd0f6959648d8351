package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * DKIM keys for {@code push}: taken from the key Secret among the {@code -f} files, missing ones
 * generated. The seam where the {@code dkim} package's key model and Secret codec plug in, so push
 * and the operator read and write the same Secret under the same name.
 */
public interface KeySource {
  /**
   * @param secrets the Secrets of the SenderDomain's namespace given with {@code -f}
   * @param served selectors whose records the DNS server has accepted (moves new keys on in their
   *     lifecycle)
   * @return the records to publish and the key Secret as it stands afterwards
   * @throws dev.senderdomain.operator.dkim.DkimKeyException when a Secret's keys cannot be used
   */
  Keys keys(
      SenderDomain domain,
      SenderDomainConfig config,
      KeyRingSecret.Secrets secrets,
      Set<String> served,
      Instant at);

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
