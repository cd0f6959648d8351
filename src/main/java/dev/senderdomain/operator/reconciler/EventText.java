package dev.senderdomain.operator.reconciler;

import java.util.List;

/** Wording shared by Events: long lists are cut, and say so. */
final class EventText {
  /** Changes named in one Event; the rest are counted ("and 3 more"). */
  static final int LISTED = 5;

  private EventText() {}

  /** {@code "6 change(s): a; b; c; d; e; and 1 more"}. */
  static String changes(List<String> changes) {
    int shown = Math.min(LISTED, changes.size());
    String text = changes.size() + " change(s): " + String.join("; ", changes.subList(0, shown));
    return shown < changes.size() ? text + "; and " + (changes.size() - shown) + " more" : text;
  }

  /**
   * The KeyGenerated Event: the new key's selector (a new key is not yet active: it signs only once
   * its record is served), and which one signs meanwhile.
   */
  static String keyGenerated(KeyManager.KeyOutcome keys) {
    String text = "DKIM key generated: selector " + String.join(", ", keys.generatedSelectors());
    List<String> signing =
        keys.activeSelectors().stream()
            .filter(s -> !keys.generatedSelectors().contains(s))
            .toList();
    return signing.isEmpty()
        ? text
        : text + "; signing continues with " + String.join(", ", signing);
  }
}
