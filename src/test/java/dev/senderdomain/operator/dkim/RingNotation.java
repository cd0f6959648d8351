package dev.senderdomain.operator.dkim;

import dev.senderdomain.operator.dkim.KeyAction.AcknowledgeRequest;
import dev.senderdomain.operator.dkim.KeyAction.Generate;
import dev.senderdomain.operator.dkim.KeyAction.Remove;
import dev.senderdomain.operator.dkim.KeyAction.Transition;
import dev.senderdomain.operator.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A compact text form of rings, times and plans for table tests. Times are offsets from {@link
 * #T0}.
 */
public final class RingNotation {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Map<DkimAlgorithm, DkimKey> MATERIAL = new EnumMap<>(DkimAlgorithm.class);

  private RingNotation() {}

  /** {@code 180d+2h} -> T0 + 180 days + 2 hours. */
  public static Instant at(String offset) {
    Duration d = Duration.ZERO;
    for (String part : offset.split("\\+")) {
      if (!part.matches("0[smhd]?")) {
        d = d.plus(Durations.parse("offset", part));
      }
    }
    return T0.plus(d);
  }

  /**
   * {@code sd2026a:rsa-2048:ACTIVE:0d, sd2026b:ed25519:PENDING:1d}; the counter is the number of
   * keys.
   */
  public static KeyRing ring(String spec) {
    List<DkimKey> keys = new ArrayList<>();
    if (!spec.isBlank()) {
      for (String k : spec.split(",")) {
        String[] f = k.strip().split(":");
        DkimAlgorithm alg = DkimAlgorithm.fromSpec(f[1]);
        DkimKey m = material(alg);
        keys.add(
            new DkimKey(
                f[0], alg, DkimKeyState.valueOf(f[2]), at(f[3]), m.privateKey(), m.publicKey()));
      }
    }
    return new KeyRing(keys, keys.size(), Set.of(), null);
  }

  /**
   * {@code rsa-2048,ed25519/180d} or {@code rsa-2048/-} (no automatic rotation); delay 2h,
   * retireAfter 7d.
   */
  public static KeyPolicy policy(String spec) {
    String[] parts = spec.split("/");
    List<DkimAlgorithm> algs = new ArrayList<>();
    for (String a : parts[0].split(",")) {
      algs.add(DkimAlgorithm.fromSpec(a));
    }
    var every =
        parts[1].equals("-")
            ? java.util.Optional.<Duration>empty()
            : java.util.Optional.of(Durations.parse("every", parts[1]));
    return new KeyPolicy(algs, every, Duration.ofHours(2), Duration.ofDays(7));
  }

  static String actions(RotationPlan plan) {
    return plan.actions().stream().map(RingNotation::action).collect(Collectors.joining(", "));
  }

  static String action(KeyAction a) {
    if (a instanceof Generate g) {
      return "generate " + g.selector() + " " + g.algorithm();
    }
    if (a instanceof Transition t) {
      return t.selector() + " " + t.from() + "->" + t.to();
    }
    if (a instanceof Remove r) {
      return "remove " + r.selector();
    }
    return "ack " + ((AcknowledgeRequest) a).token();
  }

  /** {@code sd2026a=ACTIVE, sd2026b=PUBLISHED} in ring order. */
  static String states(KeyRing ring) {
    return ring.keys().stream()
        .map(k -> k.selector() + "=" + k.state())
        .collect(Collectors.joining(", "));
  }

  static synchronized DkimKey material(DkimAlgorithm alg) {
    return MATERIAL.computeIfAbsent(
        alg, a -> DkimKeyGenerator.production().generate("material", a, Instant.EPOCH));
  }
}
