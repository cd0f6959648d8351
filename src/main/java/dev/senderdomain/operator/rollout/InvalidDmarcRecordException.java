package dev.senderdomain.operator.rollout;

/**
 * A DMARC TXT value is not valid (RFC 7489 6.3/6.4, RFC 9989 4.7); the message names the tag and
 * the problem.
 */
public final class InvalidDmarcRecordException extends Exception {
  public InvalidDmarcRecordException(String message) {
    super(message);
  }
}
