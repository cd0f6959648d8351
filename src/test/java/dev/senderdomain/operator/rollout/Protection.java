package dev.senderdomain.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

/** The "never lowers any receiver's protection" check, for both kinds of receiver. */
final class Protection {
  private Protection() {}

  static void assertNotLower(DmarcStep before, DmarcStep after, String where) {
    assertThat(ReceiverBehaviour.legacyLevel(after))
        .as("%s: RFC 7489 receivers, %s -> %s", where, before.describe(), after.describe())
        .isGreaterThanOrEqualTo(ReceiverBehaviour.legacyLevel(before));
    assertThat(ReceiverBehaviour.rfc9989Least(after))
        .as("%s: RFC 9989 receivers, %s -> %s", where, before.describe(), after.describe())
        .isGreaterThanOrEqualTo(ReceiverBehaviour.rfc9989Most(before));
  }

  static boolean lower(DmarcStep before, DmarcStep after) {
    return ReceiverBehaviour.legacyLevel(after) < ReceiverBehaviour.legacyLevel(before)
        || ReceiverBehaviour.rfc9989Least(after) < ReceiverBehaviour.rfc9989Most(before);
  }
}
