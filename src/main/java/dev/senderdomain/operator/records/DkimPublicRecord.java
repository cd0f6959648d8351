package dev.senderdomain.operator.records;

/**
 * A DKIM key record to publish: {@code <selector>._domainkey.<domain>} with its TXT value (RFC 6376
 * 3.6.1).
 */
public record DkimPublicRecord(String selector, String txtValue) {}
