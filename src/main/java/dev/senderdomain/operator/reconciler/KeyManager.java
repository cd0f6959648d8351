package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainStatus.DkimStatus;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The key seam: makes sure the domain's DKIM keys exist and advances their lifecycle, storing every
 * change in the key Secret before anything is published. Implementations must never regenerate a
 * stored key.
 */
public interface KeyManager {
  /**
   * @param resource the SenderDomain, for its namespace and name (the Secret's owner)
   * @param servedSelectors selectors whose records the authoritative servers serve
   */
  KeyOutcome reconcile(
      SenderDomain resource, SenderDomainConfig config, Set<String> servedSelectors, Instant now)
      throws KeyException;

  /**
   * The key step once more in the same reconcile, after a publish verified records that were not
   * served before (a first key may become ACTIVE): from where {@code before} left the keys, so an
   * implementation need not read them again. The default reads them as {@link #reconcile} does.
   */
  default KeyOutcome reconcileAgain(
      SenderDomain resource,
      SenderDomainConfig config,
      KeyOutcome before,
      Set<String> servedSelectors,
      Instant now)
      throws KeyException {
    return reconcile(resource, config, servedSelectors, now);
  }

  /** Called when the SenderDomain is deleted: keeps the keys unless the config asks to delete. */
  void cleanup(SenderDomain resource, SenderDomainConfig config);

  /**
   * @param records the DKIM records that must be in DNS now
   * @param activeSelectors the selectors MTAs sign with now; empty while no key is active
   * @param status the public facts for status.dkim
   * @param nextCheckAt when the lifecycle next needs a look, or null
   * @param generatedSelectors the selectors of the keys generated in this call (for an Event)
   * @param stored where this call left the keys, for {@link #reconcileAgain}; null when unknown
   */
  record KeyOutcome(
      List<DkimPublicRecord> records,
      List<String> activeSelectors,
      DkimStatus status,
      Instant nextCheckAt,
      List<String> warnings,
      List<String> generatedSelectors,
      Stored stored) {
    public KeyOutcome {
      records = List.copyOf(records);
      activeSelectors = List.copyOf(activeSelectors);
      warnings = List.copyOf(warnings);
      generatedSelectors = List.copyOf(generatedSelectors);
    }

    public KeyOutcome(
        List<DkimPublicRecord> records,
        List<String> activeSelectors,
        DkimStatus status,
        Instant nextCheckAt,
        List<String> warnings,
        List<String> generatedSelectors) {
      this(records, activeSelectors, status, nextCheckAt, warnings, generatedSelectors, null);
    }

    /** Whether keys were generated in this call. */
    public boolean generated() {
      return !generatedSelectors.isEmpty();
    }

    /** Whether MTAs can sign: some key is active. */
    public boolean hasActiveKey() {
      return !activeSelectors.isEmpty();
    }
  }

  /**
   * Where an implementation left the keys (for the key Secret: the object as the API returned it).
   * Opaque to the reconciler, and its {@code toString()} names no key material.
   */
  interface Stored {}

  /**
   * A key problem the user must fix (bad adopted key, unreadable Secret); its message holds no key
   * material.
   */
  class KeyException extends Exception {
    public KeyException(String message) {
      super(message);
    }
  }
}
