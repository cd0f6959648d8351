package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.dkim.DkimAlgorithm;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.Selectors;
import dev.senderdomain.operator.records.DkimPublicRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Throwaway DKIM keys for {@code plan}: real keys of the right size with the selectors a first key
 * ring would get, so the records look exactly as they will, but never stored; the operator and
 * {@code push} make the keys that count.
 */
final class PlanKeys {
  private PlanKeys() {}

  static List<DkimPublicRecord> throwaway(List<DkimAlgorithm> algorithms, Instant at) {
    DkimKeyGenerator generator = DkimKeyGenerator.production();
    List<DkimPublicRecord> out = new ArrayList<>();
    for (int i = 0; i < algorithms.size(); i++) {
      String selector = Selectors.forIndex(i, at);
      out.add(
          new DkimPublicRecord(
              selector, generator.generate(selector, algorithms.get(i), at).publicTxtValue()));
    }
    return out;
  }
}
