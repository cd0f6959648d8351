package dev.senderdomain.operator.dkim;

/**
 * Bad key material or key ring state. Messages name the place (a Secret data key, an annotation, a
 * spec field) and what is wrong, never key bytes; causes from crypto providers are not chained
 * because their messages may quote input.
 */
public class DkimKeyException extends RuntimeException {
  public DkimKeyException(String message) {
    super(message);
  }
}
