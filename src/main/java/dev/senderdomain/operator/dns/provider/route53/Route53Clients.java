package dev.senderdomain.operator.dns.provider.route53;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The AWS SDK client for a {@code route53} section: static keys from the two secretRefs, else the
 * SDK's default credentials chain (IRSA, instance profile, env); the global region unless one is
 * named; bounded timeouts; the SDK's own retries off (throttling is retried by the operator's
 * {@code Backoff}); an endpoint override for Route 53 compatible APIs and the recorded-contract
 * stub.
 */
final class Route53Clients {
  private Route53Clients() {}

  /**
   * @throws IllegalArgumentException naming the field, for half a key pair or a bad endpoint
   */
  static Route53Client build(
      DnsProviderSpec.Route53 spec, String accessKeyId, String secretAccessKey) {
    if (spec == null) {
      throw new IllegalArgumentException("spec.route53 section is missing");
    }
    boolean hasId = accessKeyId != null && !accessKeyId.isBlank();
    boolean hasSecret = secretAccessKey != null && !secretAccessKey.isBlank();
    if (hasId != hasSecret) {
      throw new IllegalArgumentException(
          "spec.route53: set both accessKeyIdSecretRef and secretAccessKeySecretRef, or "
              + "neither (default credentials chain); only "
              + (hasId ? "accessKeyIdSecretRef" : "secretAccessKeySecretRef")
              + " resolved to a value");
    }
    AwsCredentialsProvider credentials =
        hasId
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId.trim(), secretAccessKey.trim()))
            : DefaultCredentialsProvider.builder().build();
    var builder =
        Route53Client.builder()
            .credentialsProvider(credentials)
            .region(
                spec.region == null || spec.region.isBlank()
                    ? Region.AWS_GLOBAL
                    : Region.of(spec.region.trim()))
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(20))
                    .build())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(Duration.ofSeconds(30))
                    .build());
    if (spec.endpoint != null && !spec.endpoint.isBlank()) {
      URI endpoint;
      try {
        endpoint = URI.create(spec.endpoint.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("spec.route53.endpoint is not a URL: " + spec.endpoint);
      }
      if (endpoint.getScheme() == null || endpoint.getHost() == null) {
        throw new IllegalArgumentException(
            "spec.route53.endpoint must be an http(s) URL with a host: " + spec.endpoint);
      }
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }
}
