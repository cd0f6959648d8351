package dev.senderdomain.operator.report;

/**
 * One {@code auth_results/spf} entry: an SPF check the receiver made, before alignment (RFC 7489
 * appendix C). Fields the reporter left out or empty are null.
 */
public record SpfAuthResult(String domain, SpfScope scope, AuthResult result, String humanResult) {}
