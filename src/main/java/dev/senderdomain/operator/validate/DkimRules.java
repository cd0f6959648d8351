package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.dkim.KeyPolicy;
import dev.senderdomain.operator.dkim.KeySecretSettings;
import dev.senderdomain.operator.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules for {@code spec.dkim} (RFC 6376; Ed25519 per RFC 8463): the algorithms, the rotation
 * timing (docs/dkim.md) and the key Secret's names.
 */
final class DkimRules {
  static final List<String> ALGORITHMS = List.of("rsa-2048", "rsa-1024", "ed25519");
  private static final String ROTATION = "spec.dkim.rotation";

  private DkimRules() {}

  /** The key policy, or null when {@code spec.dkim} has a problem (then added). */
  static KeyPolicy keyPolicy(DkimSpec spec, Duration recordTtl, Problems problems) {
    int before = problems.count();
    List<DkimAlgorithm> algorithms = algorithms(spec, problems);
    Duration defaultDelay = KeyPolicy.defaultPropagationDelay(recordTtl);
    DkimSpec.RotationSpec r = spec == null ? null : spec.rotation;
    if (r == null) {
      return problems.count() == before
          ? new KeyPolicy(
              algorithms, Optional.empty(), defaultDelay, KeyPolicy.DEFAULT_RETIRE_AFTER)
          : null;
    }
    Duration every = duration(ROTATION + ".every", r.every, KeyPolicy.DEFAULT_EVERY, problems);
    Duration delay =
        duration(ROTATION + ".propagationDelay", r.propagationDelay, defaultDelay, problems);
    Duration retire =
        duration(
            ROTATION + ".retireAfter", r.retireAfter, KeyPolicy.DEFAULT_RETIRE_AFTER, problems);
    if (delay != null && delay.compareTo(recordTtl.multipliedBy(2)) < 0) {
      // A resolver may hold the answer for a selector for one TTL; the new record must have been
      // served for two before the key signs (docs/dkim.md).
      problems.add(
          ROTATION + ".propagationDelay",
          r.propagationDelay
              + " is less than twice the record TTL ("
              + Durations.format(recordTtl.multipliedBy(2))
              + "); resolvers could still cache the old answer");
    }
    if (every != null
        && delay != null
        && retire != null
        && every.compareTo(delay.plus(retire)) <= 0) {
      problems.add(
          ROTATION + ".every",
          (r.every == null ? Durations.format(every) + " (the default)" : r.every)
              + " must be longer than propagationDelay ("
              + Durations.format(delay)
              + ") plus retireAfter ("
              + Durations.format(retire)
              + ")");
    }
    return problems.count() == before
        ? new KeyPolicy(algorithms, Optional.of(every), delay, retire)
        : null;
  }

  /**
   * Where the keys are kept: {@code spec.dkim.secretName}, else {@code <SenderDomain name>-dkim};
   * {@code existingSecretName} is only adopted from. Each must be a valid Secret name.
   */
  static KeySecretSettings keySecret(DkimSpec spec, String resourceName, Problems problems) {
    int before = problems.count();
    String name;
    if (spec != null && spec.secretName != null) {
      name = spec.secretName;
      secretName("spec.dkim.secretName", name, problems);
    } else {
      name = resourceName == null ? null : KeySecretSettings.defaultName(resourceName);
      if (name != null && name.length() > 253) {
        problems.add(
            "spec.dkim.secretName",
            "is needed: the default "
                + DnsNames.abbreviate(name)
                + " is longer than 253 characters");
      }
    }
    Optional<String> adoptFrom = Optional.empty();
    if (spec != null && spec.existingSecretName != null) {
      secretName("spec.dkim.existingSecretName", spec.existingSecretName, problems);
      adoptFrom = Optional.of(spec.existingSecretName);
    }
    boolean delete = false;
    if (spec != null && spec.deletionPolicy != null) {
      switch (spec.deletionPolicy) {
        case "Retain" -> delete = false;
        case "Delete" -> delete = true;
        default ->
            problems.add(
                "spec.dkim.deletionPolicy",
                "must be Retain or Delete, got '" + DnsNames.abbreviate(spec.deletionPolicy) + "'");
      }
    }
    KeySecretSettings.Template template =
        spec == null || spec.secretTemplate == null
            ? KeySecretSettings.Template.NONE
            : KeySecretSettings.Template.of(
                spec.secretTemplate.labels, spec.secretTemplate.annotations);
    return problems.count() == before && name != null
        ? new KeySecretSettings(name, adoptFrom, delete, template)
        : null;
  }

  private static List<DkimAlgorithm> algorithms(DkimSpec spec, Problems problems) {
    List<String> names = spec == null ? List.of() : RecordRules.list(spec.algorithms);
    if (names.isEmpty()) {
      return List.of(DkimAlgorithm.RSA_2048);
    }
    List<DkimAlgorithm> algorithms = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (!ALGORITHMS.contains(names.get(i))) {
        problems.add(
            "spec.dkim.algorithms[" + i + "]",
            "must be one of "
                + ALGORITHMS
                + ", got '"
                + DnsNames.abbreviate(String.valueOf(names.get(i)))
                + "'");
      } else {
        algorithms.add(DkimAlgorithm.fromSpec(names.get(i)));
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      problems.add("spec.dkim.algorithms", "lists an algorithm twice");
    } else {
      // One key per key type: a Secret has one active key of each (the MTA signs with both).
      for (int i = 0; i < algorithms.size(); i++) {
        for (int j = i + 1; j < algorithms.size(); j++) {
          if (algorithms.get(i).keyType().equals(algorithms.get(j).keyType())) {
            problems.add(
                "spec.dkim.algorithms",
                algorithms.get(i)
                    + " and "
                    + algorithms.get(j)
                    + " are both "
                    + algorithms.get(i).keyType()
                    + " keys; list one algorithm per key type");
          }
        }
      }
    }
    return algorithms;
  }

  private static Duration duration(
      String field, String value, Duration fallback, Problems problems) {
    if (value == null) {
      return fallback;
    }
    try {
      return Durations.parsePositive(field, value);
    } catch (IllegalArgumentException e) {
      problems.add(field, DmarcRules.afterField(field, e));
      return null;
    }
  }

  private static void secretName(String field, String name, Problems problems) {
    KubernetesNames.objectNameProblem(name).ifPresent(p -> problems.add(field, p));
  }
}
