package dev.senderdomain.operator.dkim;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Key ring <-> key Secret content. No Kubernetes calls: plain maps in and out.
 *
 * <p>Layout (data keys): {@code <selector>.key} PKCS#8 PEM; {@code <selector>.pkcs1.key} PKCS#1 PEM
 * (RSA); {@code <selector>.txt} the record value for the key's state; {@code active-selector-rsa},
 * {@code active-selector-ed25519} (empty when none); {@code active.key} / {@code active.selector}
 * the active RSA key (absent when none); {@code domain}; {@code opendkim-keytable}, {@code
 * opendkim-signingtable}, {@code rspamd-dkim-signing.conf} listing the active keys. The ring's
 * lifecycle state is in the {@value #STATE_ANNOTATION} annotation (JSON).
 */
public final class DkimSecretCodec {
  public static final String STATE_ANNOTATION = "senderdomain.dev/keyring";

  /** Where the MTA examples mount the Secret; used in the OpenDKIM and rspamd snippets. */
  public static final String DEFAULT_KEY_DIRECTORY = "/etc/dkim/keys";

  private static final String KEY_SUFFIX = ".key";
  private static final String PKCS1_SUFFIX = ".pkcs1.key";
  private static final String TXT_SUFFIX = ".txt";

  private DkimSecretCodec() {}

  public static DkimSecretContent encode(KeyRing ring, String domain) {
    return encode(ring, domain, null, DEFAULT_KEY_DIRECTORY);
  }

  /**
   * The Secret content for a ring; {@code template} labels/annotations are added (the state
   * annotation wins).
   */
  public static DkimSecretContent encode(
      KeyRing ring, String domain, DkimSpec.SecretTemplate template, String keyDir) {
    Map<String, String> data = new LinkedHashMap<>();
    KeyRingState state = new KeyRingState();
    state.nextSelectorIndex = ring.nextSelectorIndex();
    state.rotationToken = ring.rotationToken().orElse(null);
    state.removedSelectors = new ArrayList<>(ring.removedSelectors());
    for (DkimKey k : ring.keys()) {
      data.put(k.selector() + KEY_SUFFIX, k.pkcs8Pem());
      if (k.algorithm().isRsa()) {
        data.put(k.selector() + PKCS1_SUFFIX, k.pkcs1Pem());
      }
      data.put(k.selector() + TXT_SUFFIX, k.txtValue());
      KeyRingState.Entry e = new KeyRingState.Entry();
      e.selector = k.selector();
      e.algorithm = k.algorithm().specName();
      e.state = k.state().name();
      e.since = k.since().toString();
      state.keys.add(e);
    }
    data.put("domain", domain);
    List<DkimKey> active = new ArrayList<>();
    for (String type : RotationPolicy.KEY_TYPES) {
      Optional<DkimKey> a = ring.activeFor(type);
      data.put("active-selector-" + type, a.map(DkimKey::selector).orElse(""));
      a.ifPresent(active::add);
    }
    ring.activeFor("rsa")
        .ifPresent(
            k -> {
              data.put("active.key", k.pkcs8Pem());
              data.put("active.selector", k.selector());
            });
    data.putAll(MtaConfig.render(domain, active, keyDir));
    Map<String, String> labels = new TreeMap<>();
    Map<String, String> annotations = new TreeMap<>();
    if (template != null) {
      if (template.labels != null) {
        labels.putAll(template.labels);
      }
      if (template.annotations != null) {
        annotations.putAll(template.annotations);
      }
    }
    annotations.put(STATE_ANNOTATION, state.toJson());
    return new DkimSecretContent(data, labels, annotations);
  }

  /** The key Secret's name: {@code spec.dkim.secretName}, else {@code <SenderDomain name>-dkim}. */
  public static String secretName(DkimSpec spec, String senderDomainName) {
    return spec != null && spec.secretName != null && !spec.secretName.isBlank()
        ? spec.secretName
        : senderDomainName + "-dkim";
  }

  /**
   * Whether deleting the SenderDomain deletes the key Secret ({@code deletionPolicy: Delete});
   * default Retain.
   */
  public static boolean deletesSecretWithDomain(DkimSpec spec) {
    return spec != null && "Delete".equals(spec.deletionPolicy);
  }

  /**
   * Whether Secret annotations carry a key ring (else the Secret is new, or a user's key to adopt).
   */
  public static boolean hasKeyRing(Map<String, String> annotations) {
    return annotations != null && annotations.containsKey(STATE_ANNOTATION);
  }

  /**
   * The ring stored in a Secret. Validates that every listed key is present, parses, has the listed
   * algorithm and size, and matches its {@code .txt}; and that no private key is present that the
   * state does not list (it would be lost on the next write). Errors name the data key or
   * annotation.
   */
  public static KeyRing decode(Map<String, String> data, Map<String, String> annotations) {
    if (!hasKeyRing(annotations)) {
      throw new DkimKeyException(
          "annotation "
              + STATE_ANNOTATION
              + ": missing, so the key lifecycle state is unknown;"
              + " restore it, or remove the Secret's keys to start over");
    }
    Map<String, String> d = data == null ? Map.of() : data;
    String where = "annotation " + STATE_ANNOTATION;
    KeyRingState state = KeyRingState.fromJson(annotations.get(STATE_ANNOTATION), where);
    List<DkimKey> keys = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (KeyRingState.Entry e : state.keys) {
      if (e == null || e.selector == null || !DkimKey.isValidSelector(e.selector)) {
        throw new DkimKeyException(where + ": a key entry has no valid selector");
      }
      String w = where + ", key " + e.selector;
      DkimAlgorithm alg;
      DkimKeyState keyState;
      Instant since;
      try {
        alg = DkimAlgorithm.fromSpec(e.algorithm);
        keyState = DkimKeyState.valueOf(String.valueOf(e.state));
        since = Instant.parse(String.valueOf(e.since));
      } catch (IllegalArgumentException | DateTimeParseException ex) {
        throw new DkimKeyException(w + ": bad algorithm, state or since (" + ex.getMessage() + ")");
      }
      String dataKey = e.selector + KEY_SUFFIX;
      if (!d.containsKey(dataKey)) {
        throw new DkimKeyException(
            "data key " + dataKey + ": missing, but the key ring lists " + e.selector);
      }
      byte[] der = KeyMaterial.fromPem(d.get(dataKey), "PRIVATE KEY", "data key " + dataKey);
      DkimKey key = DkimKey.fromPkcs8(e.selector, keyState, since, der, "data key " + dataKey);
      if (key.algorithm() != alg) {
        throw new DkimKeyException(
            "data key "
                + dataKey
                + ": holds an "
                + key.algorithm()
                + " key but the ring says "
                + alg);
      }
      String txt = d.get(e.selector + TXT_SUFFIX);
      if (txt != null && keyState.publishesPublicKey() && !key.matchesRecord(txt)) {
        throw new DkimKeyException(
            "data key "
                + e.selector
                + TXT_SUFFIX
                + ": does not match the private key in "
                + dataKey);
      }
      listed.add(e.selector);
      keys.add(key);
    }
    for (String name : new TreeSet<>(d.keySet())) {
      if (isSelectorKeyName(name) && !listed.contains(selectorOf(name))) {
        throw new DkimKeyException(
            "data key "
                + name
                + ": a private key the "
                + STATE_ANNOTATION
                + " annotation does not list; it would be lost on the next write, so the operator stops here");
      }
    }
    try {
      return new KeyRing(
          keys,
          state.nextSelectorIndex,
          new TreeSet<>(state.removedSelectors),
          state.rotationToken);
    } catch (DkimKeyException e) {
      throw new DkimKeyException(where + ": " + e.getMessage());
    }
  }

  /**
   * Adopts a user's Secret (bring your own key): every {@code <selector>.key} (PKCS#8 or PKCS#1
   * PEM; a bare {@code active.key} is read under the name in {@code active.selector}). One key per
   * key type is adopted: the only one, or the one named by {@code active-selector-<type>}. Adopted
   * keys start PENDING, so their record is published (or found already published) and verified
   * before they sign; the reconciler must check that a record already in DNS for the selector
   * carries the same public key ({@link DkimKey#matchesRecord}).
   */
  public static KeyRing adopt(Map<String, String> data, Instant now) {
    Map<String, String> pems = new LinkedHashMap<>();
    for (String name : new TreeSet<>(data.keySet())) {
      if (isSelectorKeyName(name)) {
        pems.put(selectorOf(name), data.get(name));
      }
    }
    String activeSelector = data.get("active.selector");
    if (data.containsKey("active.key")
        && activeSelector != null
        && !pems.containsKey(activeSelector.trim())) {
      pems.put(activeSelector.trim(), data.get("active.key"));
    }
    if (pems.isEmpty()) {
      throw new DkimKeyException("no data key named <selector>.key holds a private key to adopt");
    }
    Map<String, List<DkimKey>> byType = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : pems.entrySet()) {
      String where = "data key " + e.getKey() + KEY_SUFFIX;
      if (!DkimKey.isValidSelector(e.getKey())) {
        throw new DkimKeyException(
            where + ": '" + e.getKey() + "' is not a lower-case DNS label usable as selector");
      }
      DkimKey key =
          DkimKey.fromPkcs8(
              e.getKey(), DkimKeyState.PENDING, now, pkcs8FromAnyPem(e.getValue(), where), where);
      byType.computeIfAbsent(key.algorithm().keyType(), t -> new ArrayList<>()).add(key);
    }
    List<DkimKey> adopted = new ArrayList<>();
    for (Map.Entry<String, List<DkimKey>> e : byType.entrySet()) {
      String chooser = "active-selector-" + e.getKey();
      String chosen = data.get(chooser);
      if (e.getValue().size() == 1 && (chosen == null || chosen.isBlank())) {
        adopted.add(e.getValue().get(0));
        continue;
      }
      if (chosen == null || chosen.isBlank()) {
        throw new DkimKeyException(
            "data keys hold "
                + e.getValue().size()
                + " "
                + e.getKey()
                + " keys ("
                + e.getValue().stream().map(DkimKey::selector).toList()
                + "); name the one to use in data key "
                + chooser);
      }
      adopted.add(
          e.getValue().stream()
              .filter(k -> k.selector().equals(chosen.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new DkimKeyException(
                          "data key "
                              + chooser
                              + ": names "
                              + chosen.trim()
                              + ", but there is no "
                              + e.getKey()
                              + " key "
                              + chosen.trim()
                              + KEY_SUFFIX)));
    }
    return new KeyRing(adopted, 0, Set.of(), null);
  }

  private static byte[] pkcs8FromAnyPem(String pem, String where) {
    if (pem != null && pem.contains("ENCRYPTED PRIVATE KEY")) {
      throw new DkimKeyException(
          where + ": encrypted private keys are not supported; store it unencrypted");
    }
    if (pem != null && pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      return MtaConfig.pkcs1ToPkcs8(KeyMaterial.fromPem(pem, "RSA PRIVATE KEY", where), where);
    }
    return KeyMaterial.fromPem(pem, "PRIVATE KEY", where);
  }

  /** {@code <selector>.key}, but not {@code <selector>.pkcs1.key} or {@code active.key}. */
  private static boolean isSelectorKeyName(String name) {
    return name.endsWith(KEY_SUFFIX) && !name.endsWith(PKCS1_SUFFIX) && !name.equals("active.key");
  }

  private static String selectorOf(String name) {
    return name.substring(0, name.length() - KEY_SUFFIX.length());
  }
}
