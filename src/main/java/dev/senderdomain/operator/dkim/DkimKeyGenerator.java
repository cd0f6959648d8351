package dev.senderdomain.operator.dkim;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * The only source of randomness in the DKIM code: makes new key pairs. Two providers sit behind it
 * so a benchmark can call each; {@link #production()} uses the faster per algorithm (measured by
 * the benchmark: docs/performance.md).
 */
public final class DkimKeyGenerator {
  /** Who generates the key pair. Both produce the same encodings (PKCS#8, Ed25519 as PKCS#8 v1). */
  public enum Provider {
    /** The JDK's SunRsaSign / SunEC providers. */
    JDK,
    /** Bouncy Castle's lightweight API (no JCA provider registration needed). */
    BOUNCY_CASTLE
  }

  private static final BigInteger F4 = RSAKeyGenParameterSpec.F4;

  private final Provider rsaProvider;
  private final Provider ed25519Provider;
  private final SecureRandom random;

  public DkimKeyGenerator(Provider rsaProvider, Provider ed25519Provider, SecureRandom random) {
    this.rsaProvider = Objects.requireNonNull(rsaProvider);
    this.ed25519Provider = Objects.requireNonNull(ed25519Provider);
    this.random = Objects.requireNonNull(random);
  }

  /**
   * The generator the operator uses: the faster provider per algorithm, as the benchmark measures
   * it (docs/performance.md, section 1): the JDK for RSA (1.3x to 1.6x Bouncy Castle), Bouncy
   * Castle for Ed25519 (5x to 12x the JDK).
   */
  public static DkimKeyGenerator production() {
    return new DkimKeyGenerator(Provider.JDK, Provider.BOUNCY_CASTLE, new SecureRandom());
  }

  /** Both algorithms from one provider (for benchmarks). */
  public static DkimKeyGenerator using(Provider provider) {
    return new DkimKeyGenerator(provider, provider, new SecureRandom());
  }

  /**
   * A new PENDING key; PENDING because it is not stored yet (the caller stores it before
   * publishing).
   */
  public DkimKey generate(String selector, DkimAlgorithm algorithm, Instant now) {
    KeyMaterial.Parsed parsed = generateParsed(algorithm);
    return new DkimKey(
        selector, algorithm, DkimKeyState.PENDING, now, parsed.pkcs8(), parsed.spki());
  }

  private KeyMaterial.Parsed generateParsed(DkimAlgorithm algorithm) {
    try {
      if (algorithm.isRsa()) {
        return rsaProvider == Provider.JDK ? jdkRsa(algorithm.bits()) : bcRsa(algorithm.bits());
      }
      return ed25519Provider == Provider.JDK ? jdkEd25519() : bcEd25519();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(
          "cannot generate a " + algorithm + " key: " + e.getClass().getSimpleName());
    }
  }

  private KeyMaterial.Parsed jdkRsa(int bits) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(new RSAKeyGenParameterSpec(bits, F4), random);
    KeyPair kp = g.generateKeyPair();
    return KeyMaterial.parsePkcs8(kp.getPrivate().getEncoded(), "generated key");
  }

  private KeyMaterial.Parsed bcRsa(int bits) throws java.io.IOException {
    RSAKeyPairGenerator g = new RSAKeyPairGenerator();
    // 100 Miller-Rabin rounds is what BC's JCA wrapper uses for 2048-bit keys.
    g.init(new RSAKeyGenerationParameters(F4, random, bits, 100));
    AsymmetricCipherKeyPair kp = g.generateKeyPair();
    RSAPrivateCrtKeyParameters priv = (RSAPrivateCrtKeyParameters) kp.getPrivate();
    return KeyMaterial.parsePkcs8(
        PrivateKeyInfoFactory.createPrivateKeyInfo(priv).getEncoded(), "generated key");
  }

  private KeyMaterial.Parsed jdkEd25519() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(255, random);
    EdECPrivateKey priv = (EdECPrivateKey) g.generateKeyPair().getPrivate();
    byte[] seed =
        priv.getBytes().orElseThrow(() -> new GeneralSecurityException("Ed25519 key without seed"));
    return KeyMaterial.ed25519FromSeed(seed);
  }

  /**
   * An Ed25519 private key is 32 random bytes (RFC 8032 5.1.5), which is all Bouncy Castle's key
   * pair generator draws; the public key is derived once, from the seed. (The generator derived it,
   * then {@code ed25519FromSeed} again: the scalar multiplication twice, most of a key's cost.)
   */
  private KeyMaterial.Parsed bcEd25519() {
    byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
    random.nextBytes(seed);
    return KeyMaterial.ed25519FromSeed(seed);
  }

  @Override
  public String toString() {
    return "DkimKeyGenerator[rsa=" + rsaProvider + ", ed25519=" + ed25519Provider + "]";
  }
}
