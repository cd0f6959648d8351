package dev.senderdomain.operator.report;

/**
 * A {@code policy_evaluated/reason}: why the receiver applied a disposition other than the
 * published policy (RFC 7489 appendix C PolicyOverrideType: forwarded, sampled_out,
 * trusted_forwarder, mailing_list, local_policy, other; RFC 9990 adds policy_test_mode). Kept as
 * lower-case text because receivers invent their own types.
 *
 * @param type the override type, or null when empty
 * @param comment the receiver's comment, or null
 */
public record PolicyOverrideReason(String type, String comment) {}
