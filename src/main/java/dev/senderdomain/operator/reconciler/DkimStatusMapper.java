package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus;
import dev.senderdomain.operator.dkim.DkimKey;
import dev.senderdomain.operator.dkim.KeyRing;
import dev.senderdomain.operator.dkim.RotationPlan;
import dev.senderdomain.operator.dkim.RotationPlan.UpcomingTransition;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status.dkim} from a ring and its plan: public facts only (selector, algorithm, bits,
 * state, times).
 */
public final class DkimStatusMapper {
  private DkimStatusMapper() {}

  public static SenderDomainStatus.DkimStatus toStatus(
      KeyRing ring, RotationPlan plan, String secretName) {
    SenderDomainStatus.DkimStatus status = new SenderDomainStatus.DkimStatus();
    status.secretName = secretName;
    // Display only: whether a key is active is the ring's to say (KeyRing.activeSelectors).
    status.activeSelectors = String.join(",", ring.activeSelectors());
    List<SenderDomainStatus.KeyStatus> keys = new ArrayList<>();
    for (DkimKey k : ring.keys()) {
      SenderDomainStatus.KeyStatus s = new SenderDomainStatus.KeyStatus();
      s.selector = k.selector();
      s.algorithm = k.algorithm().specName();
      s.bits = k.algorithm().bits();
      s.state = k.state().name();
      s.since = k.since().toString();
      s.nextTransition =
          plan.upcoming().stream()
              .filter(u -> u.selector().equals(k.selector()))
              .findFirst()
              .map(DkimStatusMapper::describe)
              .orElse(null);
      keys.add(s);
    }
    status.keys = keys;
    return status;
  }

  private static String describe(UpcomingTransition u) {
    return u.at() == null ? u.description() : u.description() + " at " + u.at();
  }
}
