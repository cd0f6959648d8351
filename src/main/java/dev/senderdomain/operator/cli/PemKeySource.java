package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.records.DkimPublicRecord;
import dev.senderdomain.operator.records.SenderDomainConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Minimal stand-in for the dkim package's codec: per selector, {@code <selector>.key} (PKCS#8 PEM private key) and
 * {@code <selector>.txt} (the DKIM TXT value, RFC 6376 3.6.1) in the Secret's data. One key per configured
 * algorithm; a key is matched to an algorithm by the {@code k=} tag of its TXT value. New selectors are
 * {@code sdo-<algorithm>-<yyyymmdd>} of {@code at}.
 */
public final class PemKeySource implements KeySource {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  @Override
  public Keys keys(SenderDomain domain, SenderDomainConfig config, Optional<Secret> existing, Instant at) {
    Map<String, String> data = new TreeMap<>();
    existing.ifPresent(s -> {
      if (s.getData() != null) {
        data.putAll(s.getData());
      }
      if (s.getStringData() != null) {
        s.getStringData().forEach((k, v) -> data.put(k, b64(v)));
      }
    });
    List<DkimPublicRecord> records = new ArrayList<>();
    Set<String> used = new HashSet<>();
    List<String> generated = new ArrayList<>();
    for (String algorithm : config.dkimAlgorithms()) {
      String k = algorithm.startsWith("rsa") ? "k=rsa" : "k=ed25519";
      Optional<String> found = data.keySet().stream().filter(n -> n.endsWith(".txt"))
          .map(n -> n.substring(0, n.length() - 4))
          .filter(sel -> !used.contains(sel) && data.containsKey(sel + ".key"))
          .filter(sel -> decode(data.get(sel + ".txt")).contains(k)).findFirst();
      String selector = found.orElseGet(() -> {
        String sel = "sdo-" + algorithm.replace("-", "") + "-" + DAY.format(at);
        String[] pair = generate(algorithm);
        data.put(sel + ".key", b64(pair[0]));
        data.put(sel + ".txt", b64(pair[1]));
        generated.add(sel);
        return sel;
      });
      used.add(selector);
      records.add(new DkimPublicRecord(selector, decode(data.get(selector + ".txt")).trim()));
    }
    Secret secret = new SecretBuilder().withNewMetadata().withName(KeySource.secretName(domain))
        .withNamespace(domain.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "senderdomain-operator")
        .endMetadata().withType("Opaque").withData(data).build();
    return new Keys(records, secret, generated);
  }

  /** {PEM private key, DKIM TXT value}. */
  static String[] generate(String algorithm) {
    try {
      KeyPair pair;
      String txt;
      if (algorithm.equals("ed25519")) {
        pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        // RFC 8463 3: p= is the raw 32-byte public key, the tail of the SubjectPublicKeyInfo encoding.
        txt = "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32,
            spki.length));
      } else {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(algorithm.equals("rsa-1024") ? 1024 : 2048, new SecureRandom());
        pair = g.generateKeyPair();
        txt = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
      }
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(pair.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      return new String[] {pem, txt};
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String b64) {
    return new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.UTF_8);
  }
}
