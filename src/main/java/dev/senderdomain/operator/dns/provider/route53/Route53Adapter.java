package dev.senderdomain.operator.dns.provider.route53;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.provider.Backoff;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import dev.senderdomain.operator.dns.provider.TxtCharacterStrings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Amazon Route 53 through the AWS SDK v2: every change of a hosted zone in one {@code
 * ChangeResourceRecordSets} batch (CREATE for new sets, UPSERT for updates, DELETE with the exact
 * current set), which Route 53 applies atomically. TXT values are quoted and split into strings of
 * at most 255 characters, as the Route 53 developer guide requires ("TXT record format"). The SDK's
 * own retries are off; throttling ({@code Throttling}, {@code PriorRequestNotComplete}) is retried
 * with the operator's bounded {@link Backoff}.
 */
public final class Route53Adapter implements DnsProviderAdapter {
  private final Route53Client client;
  private final String hostedZoneId;
  private final String zone;
  private final String accessKeyId;
  private final Backoff backoff;
  private final Map<String, Optional<String>> zoneIds = new ConcurrentHashMap<>();

  Route53Adapter(
      Route53Client client, String hostedZoneId, String zone, String accessKeyId, Backoff backoff) {
    this.client = client;
    this.hostedZoneId =
        hostedZoneId == null || hostedZoneId.isBlank() ? null : stripPrefix(hostedZoneId.trim());
    this.zone = zone == null || zone.isBlank() ? null : DomainNames.normalize(zone);
    this.accessKeyId = accessKeyId;
    this.backoff = backoff;
  }

  /**
   * The {@code ProviderRegistry} factory: static keys from the two secretRefs when set, else the
   * default chain.
   */
  public static DnsProviderAdapter fromSpec(
      DnsProviderSpec spec, String namespace, SecretResolver secrets) throws DnsProviderException {
    DnsProviderSpec.Route53 s = spec.route53;
    if ((s.accessKeyIdSecretRef == null) != (s.secretAccessKeySecretRef == null)) {
      throw new DnsProviderException(
          ProviderFailure.InvalidProvider,
          "spec.route53: set both accessKeyIdSecretRef and "
              + "secretAccessKeySecretRef, or neither (default credentials chain)",
          true);
    }
    String id =
        s.accessKeyIdSecretRef == null ? null : secrets.secret(namespace, s.accessKeyIdSecretRef);
    String secret =
        s.secretAccessKeySecretRef == null
            ? null
            : secrets.secret(namespace, s.secretAccessKeySecretRef);
    try {
      return create(s, id, secret);
    } catch (IllegalArgumentException e) {
      throw new DnsProviderException(ProviderFailure.InvalidProvider, e.getMessage(), true);
    }
  }

  /**
   * The factory for a {@code route53} section. {@code accessKeyId} and {@code secretAccessKey} are
   * the values read from the two secretRefs; both null means the SDK's default credentials chain
   * (IRSA, instance profile, env).
   */
  public static DnsProviderAdapter create(
      DnsProviderSpec.Route53 spec, String accessKeyId, String secretAccessKey) {
    return create(spec, accessKeyId, secretAccessKey, Backoff.standard());
  }

  public static DnsProviderAdapter create(
      DnsProviderSpec.Route53 spec, String accessKeyId, String secretAccessKey, Backoff backoff) {
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
    return new Route53Adapter(
        builder.build(), spec.hostedZoneId, spec.zone, hasId ? accessKeyId.trim() : null, backoff);
  }

  @Override
  public String name() {
    return "route53";
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException {
    List<RecordSet> out = new ArrayList<>();
    for (RecordKey key : new TreeSet<>(keys)) {
      String zid = zoneIdOf(key.name());
      // Record sets are listed in order from (name, type); the first one is ours only if it matches
      // exactly.
      List<ResourceRecordSet> sets =
          call(
              () ->
                  client
                      .listResourceRecordSets(
                          r ->
                              r.hostedZoneId(zid)
                                  .startRecordName(key.name() + ".")
                                  .startRecordType(key.type().name())
                                  .maxItems("1"))
                      .resourceRecordSets());
      for (ResourceRecordSet s : sets) {
        if (DomainNames.normalize(unescape(s.name())).equals(key.name())
            && s.typeAsString().equals(key.type().name())
            && s.setIdentifier() == null
            && s.aliasTarget() == null) {
          List<String> values =
              s.resourceRecords().stream()
                  .map(rr -> fromValue(key.type(), rr.value()))
                  .sorted()
                  .toList();
          out.add(new RecordSet(key.name(), key.type(), s.ttl() == null ? 0 : s.ttl(), values));
        }
      }
    }
    return out;
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    Map<String, List<Change>> byZone = new LinkedHashMap<>();
    for (RecordSet s : changes.deletes()) {
      byZone
          .computeIfAbsent(zoneIdOf(s.name()), z -> new ArrayList<>())
          .add(change(ChangeAction.DELETE, s));
    }
    for (RecordSet s : changes.creates()) {
      byZone
          .computeIfAbsent(zoneIdOf(s.name()), z -> new ArrayList<>())
          .add(change(ChangeAction.CREATE, s));
    }
    for (ChangeSet.Update u : changes.updates()) {
      byZone
          .computeIfAbsent(zoneIdOf(u.after().name()), z -> new ArrayList<>())
          .add(change(ChangeAction.UPSERT, u.after()));
    }
    for (Map.Entry<String, List<Change>> e : byZone.entrySet()) {
      call(
          () ->
              client.changeResourceRecordSets(
                  r ->
                      r.hostedZoneId(e.getKey())
                          .changeBatch(
                              b -> b.comment("senderdomain-operator").changes(e.getValue()))));
    }
  }

  private static Change change(ChangeAction action, RecordSet s) {
    return Change.builder()
        .action(action)
        .resourceRecordSet(
            ResourceRecordSet.builder()
                .name(s.name() + ".")
                .type(s.type().name())
                .ttl(s.ttl())
                .resourceRecords(
                    s.values().stream()
                        .map(v -> ResourceRecord.builder().value(toValue(s.type(), v)).build())
                        .toList())
                .build())
        .build();
  }

  static String toValue(RecordType type, String value) {
    return switch (type) {
      case TXT -> TxtCharacterStrings.quote(value);
      case MX, CNAME -> value + ".";
    };
  }

  static String fromValue(RecordType type, String value) {
    return switch (type) {
      case TXT -> TxtCharacterStrings.unquote(value);
      case MX -> DomainNames.normalize(String.join(" ", value.trim().split("\\s+")));
      case CNAME -> DomainNames.normalize(value);
    };
  }

  /**
   * Route 53 returns names with octal escapes for characters outside [a-z0-9-_.], e.g. {@code \052}
   * for '*'.
   */
  static String unescape(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && i + 3 < name.length() && name.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        sb.append((char) Integer.parseInt(name.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * The configured hosted zone id, else the public hosted zone named {@code zone}, else the longest
   * one above.
   */
  private String zoneIdOf(String name) throws DnsProviderException {
    if (zone != null && !(name.equals(zone) || name.endsWith("." + zone))) {
      throw new DnsProviderException(
          ProviderFailure.ZoneNotFound, name + " is not inside the configured zone " + zone, true);
    }
    if (hostedZoneId != null) {
      return hostedZoneId;
    }
    List<String> candidates = new ArrayList<>();
    if (zone != null) {
      candidates.add(zone);
    } else {
      for (String n = name; n.indexOf('.') > 0; n = n.substring(n.indexOf('.') + 1)) {
        candidates.add(n);
      }
    }
    for (String candidate : candidates) {
      Optional<String> id = zoneIds.get(candidate);
      if (id == null) {
        id = lookUp(candidate);
        zoneIds.put(candidate, id);
      }
      if (id.isPresent()) {
        return id.get();
      }
    }
    throw new DnsProviderException(
        ProviderFailure.ZoneNotFound,
        "Route 53 has no public hosted zone "
            + (zone != null ? zone : "containing " + name)
            + " visible to these credentials",
        true);
  }

  private Optional<String> lookUp(String zoneName) throws DnsProviderException {
    List<HostedZone> zones =
        call(
            () ->
                client
                    .listHostedZonesByName(r -> r.dnsName(zoneName + ".").maxItems("10"))
                    .hostedZones());
    // Private zones with the same name answer only inside a VPC; mail senders are checked from the
    // Internet.
    return zones.stream()
        .filter(z -> DomainNames.normalize(z.name()).equals(zoneName))
        .filter(z -> z.config() == null || !Boolean.TRUE.equals(z.config().privateZone()))
        .map(z -> stripPrefix(z.id()))
        .findFirst();
  }

  static String stripPrefix(String id) {
    return id.startsWith("/hostedzone/") ? id.substring("/hostedzone/".length()) : id;
  }

  private interface SdkCall<T> {
    T call();
  }

  private <T> T call(SdkCall<T> call) throws DnsProviderException {
    return backoff.run(
        () -> {
          try {
            return call.call();
          } catch (SdkException e) {
            throw Route53Errors.classify(e, accessKeyId);
          }
        });
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "Route53Adapter["
        + (hostedZoneId != null ? "hostedZoneId " + hostedZoneId : "zone " + zone)
        + "]";
  }
}
