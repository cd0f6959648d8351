package dev.senderdomain.operator.dns.provider.route53;

import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.HttpErrors;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.RateLimitedException;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;

/**
 * Route 53 errors in the operator's reasons. Route 53 signals throttling with HTTP 400 and the
 * codes {@code Throttling} or {@code PriorRequestNotComplete} (a change to the same zone is still
 * being applied), so the code is checked before the status. Credentials never reach a message:
 * SigV4 errors name the scope, not the keys, and the access key id is scrubbed anyway.
 */
final class Route53Errors {
  static final String PROVIDER = "Route 53";
  private static final Set<String> THROTTLED =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "PriorRequestNotComplete",
          "RequestLimitExceeded",
          "TooManyRequestsException");
  private static final Set<String> UNAUTHORIZED =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "UnrecognizedClientException",
          "ExpiredToken",
          "InvalidSignatureException",
          "MissingAuthenticationToken",
          "IncompleteSignature");
  private static final Set<String> ZONE_NOT_FOUND =
      Set.of("NoSuchHostedZone", "HostedZoneNotFound");

  private Route53Errors() {}

  static DnsProviderException classify(SdkException e, String scrub) {
    if (e instanceof AwsServiceException ase) {
      String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
      String message = scrub(message(ase), scrub);
      int status = ase.statusCode();
      String detail = (code == null ? "" : code + ": ") + message;
      if (code != null && THROTTLED.contains(code) || status == 429) {
        return new RateLimitedException(PROVIDER + " throttled the request: " + detail, null);
      }
      if (code != null && UNAUTHORIZED.contains(code)) {
        return new DnsProviderException(
            ProviderFailure.Unauthorized, PROVIDER + " refused the credentials: " + detail, true);
      }
      if (code != null && ZONE_NOT_FOUND.contains(code)) {
        return new DnsProviderException(
            ProviderFailure.ZoneNotFound, PROVIDER + " has no such hosted zone: " + detail, true);
      }
      if (e instanceof InvalidChangeBatchException || "InvalidInput".equals(code)) {
        return new DnsProviderException(
            ProviderFailure.Rejected, PROVIDER + " rejected the change: " + detail, true);
      }
      return HttpErrors.forStatus(PROVIDER, status == 0 ? 500 : status, detail, Optional.empty());
    }
    String message =
        e instanceof SdkClientException
            ? scrub(e.getMessage(), scrub)
            : e.getClass().getSimpleName();
    return new DnsProviderException(
        ProviderFailure.Unreachable, PROVIDER + " could not be reached: " + message, false, e);
  }

  private static String message(AwsServiceException ase) {
    if (ase instanceof InvalidChangeBatchException icb
        && icb.hasMessages()
        && !icb.messages().isEmpty()) {
      return String.join("; ", icb.messages());
    }
    if (ase.awsErrorDetails() != null && ase.awsErrorDetails().errorMessage() != null) {
      return ase.awsErrorDetails().errorMessage();
    }
    return String.valueOf(ase.getMessage());
  }

  private static String scrub(String message, String secret) {
    if (message == null) {
      return "";
    }
    return secret == null || secret.isEmpty() ? message : message.replace(secret, "***");
  }
}
