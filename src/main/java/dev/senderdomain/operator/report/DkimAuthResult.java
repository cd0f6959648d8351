package dev.senderdomain.operator.report;

/**
 * One {@code auth_results/dkim} entry: a DKIM signature the receiver checked, before alignment (RFC
 * 7489 appendix C). Fields the reporter left out or empty are null.
 */
public record DkimAuthResult(
    String domain, String selector, AuthResult result, String humanResult) {}
