package dev.senderdomain.operator.dkim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DKIM keys of one sender domain, plus what must outlive them: the selector counter, the
 * selectors of removed keys (a selector is never reused) and the last manual rotation token
 * handled. Immutable.
 *
 * <p><b>Crash safety.</b> A ring returned by {@link #apply} is not yet stored. The caller writes it
 * to the Secret (one update: keys and the {@code senderdomain.dev/keyring} annotation together) and
 * only then publishes {@link #dnsEntries()} of the stored ring. So every record the operator
 * publishes names a key that is already safely stored, wherever the process stops:
 *
 * <ul>
 *   <li>before the Secret write: the new key is lost, but no record for it exists and its selector
 *       was never seen outside the process; the next plan makes the same decision again (same
 *       selector, new key);
 *   <li>between the Secret write and the DNS push: the Secret holds a PENDING key; the next
 *       reconcile decodes it and publishes its record; the plan never generates while a PENDING or
 *       PUBLISHED key exists;
 *   <li>between the push and the switch to ACTIVE: the plan sees the record verified and moves on
 *       from the stored state.
 * </ul>
 */
public final class KeyRing {
  private final List<DkimKey> keys;
  private final int nextSelectorIndex;
  private final Set<String> removedSelectors;
  private final String rotationToken;

  /**
   * @param nextSelectorIndex the counter the next generated selector is made from (only ever grows)
   * @param removedSelectors selectors of keys that left the ring; never generated again
   * @param rotationToken the last {@code senderdomain.dev/rotate} value acted upon, or null
   */
  public KeyRing(
      List<DkimKey> keys,
      int nextSelectorIndex,
      Set<String> removedSelectors,
      String rotationToken) {
    this.keys = List.copyOf(keys);
    this.nextSelectorIndex = nextSelectorIndex;
    this.removedSelectors = Collections.unmodifiableSet(new TreeSet<>(removedSelectors));
    this.rotationToken = rotationToken;
    if (nextSelectorIndex < 0) {
      throw new DkimKeyException("key ring selector counter is negative");
    }
    Set<String> seen = new HashSet<>();
    Map<String, String> activeByType = new LinkedHashMap<>();
    for (DkimKey k : this.keys) {
      if (!seen.add(k.selector())) {
        throw new DkimKeyException("key ring has selector " + k.selector() + " twice");
      }
      if (this.removedSelectors.contains(k.selector())) {
        throw new DkimKeyException(
            "key ring has selector " + k.selector() + " both present and removed");
      }
      if (k.state() == DkimKeyState.ACTIVE) {
        String previous = activeByType.put(k.algorithm().keyType(), k.selector());
        if (previous != null) {
          throw new DkimKeyException(
              "key ring has two active "
                  + k.algorithm().keyType()
                  + " keys: "
                  + previous
                  + " and "
                  + k.selector());
        }
      }
    }
  }

  public static KeyRing empty() {
    return new KeyRing(List.of(), 0, Set.of(), null);
  }

  public List<DkimKey> keys() {
    return keys;
  }

  public int nextSelectorIndex() {
    return nextSelectorIndex;
  }

  public Set<String> removedSelectors() {
    return removedSelectors;
  }

  public Optional<String> rotationToken() {
    return Optional.ofNullable(rotationToken);
  }

  public Optional<DkimKey> find(String selector) {
    return keys.stream().filter(k -> k.selector().equals(selector)).findFirst();
  }

  /**
   * The key MTAs sign with for this algorithm's key type ({@code rsa} or {@code ed25519}), if any.
   */
  public Optional<DkimKey> activeFor(DkimAlgorithm algorithm) {
    return activeFor(algorithm.keyType());
  }

  /** The active key of a key type ({@code rsa} or {@code ed25519}), if any. */
  public Optional<DkimKey> activeFor(String keyType) {
    return keys.stream()
        .filter(k -> k.state() == DkimKeyState.ACTIVE && k.algorithm().keyType().equals(keyType))
        .findFirst();
  }

  /** Keys of a key type, in ring order. */
  /**
   * The selectors that sign now: the ACTIVE key of each key type, RSA first. Empty while no key is
   * active (MTAs cannot sign yet).
   */
  public List<String> activeSelectors() {
    return RotationPolicy.KEY_TYPES.stream()
        .map(this::activeFor)
        .flatMap(Optional::stream)
        .map(DkimKey::selector)
        .toList();
  }

  public List<DkimKey> keysOfType(String keyType) {
    return keys.stream().filter(k -> k.algorithm().keyType().equals(keyType)).toList();
  }

  /** Whether a selector is or was in this ring (a selector is never used twice). */
  public boolean isUsedSelector(String selector) {
    return removedSelectors.contains(selector) || find(selector).isPresent();
  }

  /**
   * The DKIM records that must be in DNS now, one per key: PUBLISHED, ACTIVE and RETIRING keys with
   * their public key, REVOKED keys with an empty {@code p=}, and PENDING keys with their public
   * key.
   *
   * <p>PENDING is included because a PENDING key is, by definition, already stored: keys are born
   * PENDING inside {@link #apply} and the caller must store that ring before asking it for records
   * (see the class comment). Only call this on a ring that was decoded from, or successfully
   * written to, the Secret.
   */
  public List<DkimDnsEntry> dnsEntries() {
    List<DkimDnsEntry> out = new ArrayList<>();
    for (DkimKey k : keys) {
      out.add(new DkimDnsEntry(k.selector(), k.algorithm(), k.txtValue()));
    }
    return List.copyOf(out);
  }

  /**
   * Executes a plan made by {@link RotationPolicy#plan} on this ring; see {@link RotationApplier}.
   */
  public KeyRing apply(RotationPlan plan, DkimKeyGenerator generator, Instant now) {
    return RotationApplier.apply(this, plan, generator, now);
  }

  KeyRing with(List<DkimKey> newKeys, int newIndex, Set<String> newRemoved, String newToken) {
    return new KeyRing(newKeys, newIndex, newRemoved, newToken);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyRing r
        && keys.equals(r.keys)
        && nextSelectorIndex == r.nextSelectorIndex
        && removedSelectors.equals(r.removedSelectors)
        && java.util.Objects.equals(rotationToken, r.rotationToken);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(keys, nextSelectorIndex, removedSelectors, rotationToken);
  }

  @Override
  public String toString() {
    return "KeyRing" + keys + " next=" + nextSelectorIndex + " removed=" + removedSelectors;
  }
}
