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
import dev.senderdomain.operator.dns.provider.RequestBudget;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import dev.senderdomain.operator.dns.provider.ZoneFinder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HostedZone;
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
  /** ResourceRecord elements in one ChangeResourceRecordSets request (Route 53 quotas). */
  static final int MAX_RECORDS_PER_REQUEST = 1_000;

  /** Characters in all Value elements of one ChangeResourceRecordSets request. */
  static final int MAX_CHARACTERS_PER_REQUEST = 32_000;

  private final Route53Client client;
  private final String hostedZoneId;
  private final String zone;
  private final String accessKeyId;
  private final Backoff backoff;
  private final ZoneFinder<String> zones;

  Route53Adapter(
      Route53Client client, String hostedZoneId, String zone, String accessKeyId, Backoff backoff) {
    this.client = client;
    this.hostedZoneId =
        hostedZoneId == null || hostedZoneId.isBlank() ? null : stripPrefix(hostedZoneId.trim());
    this.zone = zone == null || zone.isBlank() ? null : DomainNames.normalize(zone);
    this.accessKeyId = accessKeyId;
    this.backoff = backoff;
    this.zones =
        ZoneFinder.of(
            this.zone,
            this.hostedZoneId,
            this::lookUp,
            what -> "Route 53 has no public hosted zone " + what + " visible to these credentials");
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
    RequestBudget budget =
        RequestBudget.forProvider(
            spec, "route53", id == null ? "default-chain" : id.trim(), RequestBudget.ROUTE53);
    try {
      return create(s, id, secret, Backoff.standard().withBudget(budget));
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
    // Route 53's documented limit: 5 requests per second per AWS account (keyed here by access key;
    // the default credentials chain shares one budget).
    return create(
        spec,
        accessKeyId,
        secretAccessKey,
        Backoff.standard()
            .withBudget(
                RequestBudget.shared(
                    "route53",
                    accessKeyId == null ? "default-chain" : accessKeyId.trim(),
                    RequestBudget.ROUTE53)));
  }

  public static DnsProviderAdapter create(
      DnsProviderSpec.Route53 spec, String accessKeyId, String secretAccessKey, Backoff backoff) {
    Route53Client client = Route53Clients.build(spec, accessKeyId, secretAccessKey);
    boolean hasId = accessKeyId != null && !accessKeyId.isBlank();
    return new Route53Adapter(
        client, spec.hostedZoneId, spec.zone, hasId ? accessKeyId.trim() : null, backoff);
  }

  @Override
  public String name() {
    return "route53";
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException {
    List<RecordSet> out = new ArrayList<>();
    for (RecordKey key : new TreeSet<>(keys)) {
      String zid = zones.zoneOf(key.name());
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
        if (DomainNames.normalize(Route53RecordSets.unescape(s.name())).equals(key.name())
            && s.typeAsString().equals(key.type().name())
            && s.setIdentifier() == null
            && s.aliasTarget() == null) {
          List<String> values =
              s.resourceRecords().stream()
                  .map(rr -> Route53RecordSets.fromValue(key.type(), rr.value()))
                  .sorted()
                  .toList();
          out.add(new RecordSet(key.name(), key.type(), s.ttl() == null ? 0 : s.ttl(), values));
        }
      }
    }
    return out;
  }

  /**
   * With a hosted zone id or zone name, the zone found and its first record set listed; with
   * neither, one hosted zone listed. Credentials AWS refuses are Unauthorized, a zone they cannot
   * see is ZoneNotFound.
   */
  @Override
  public String check() throws DnsProviderException {
    if (hostedZoneId == null && zone == null) {
      call(() -> client.listHostedZonesByName(r -> r.maxItems("1")).hostedZones());
      return "Route 53 accepted the credentials; no zone is named, each domain's hosted zone is"
          + " looked up";
    }
    String zid = zone != null ? zones.zoneOf(zone) : hostedZoneId;
    call(
        () ->
            client
                .listResourceRecordSets(r -> r.hostedZoneId(zid).maxItems("1"))
                .resourceRecordSets());
    return "Route 53 accepted the credentials and lists hosted zone "
        + zid
        + (zone == null ? "" : " (" + zone + ")");
  }

  /** The hosted zone's id: what {@link #readZone} lists. */
  @Override
  public Optional<String> zoneFor(String name) throws DnsProviderException {
    return Optional.of(zones.zoneOf(name));
  }

  /**
   * The whole hosted zone, 300 record sets per {@code ListResourceRecordSets} request (the API's
   * largest page), following NextRecordName/NextRecordType. Alias, weighted and other routing sets
   * are left out, as {@link #read} leaves them out.
   */
  @Override
  public Optional<List<RecordSet>> readZone(String zoneId) throws DnsProviderException {
    List<RecordSet> out = new ArrayList<>();
    String nextName = null;
    String nextType = null;
    while (true) {
      String startName = nextName;
      String startType = nextType;
      var page =
          call(
              () ->
                  client.listResourceRecordSets(
                      r -> {
                        r.hostedZoneId(zoneId).maxItems("300");
                        if (startName != null) {
                          r.startRecordName(startName).startRecordType(startType);
                        }
                      }));
      for (ResourceRecordSet s : page.resourceRecordSets()) {
        RecordType type;
        try {
          type = RecordType.valueOf(s.typeAsString());
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (s.setIdentifier() != null || s.aliasTarget() != null) {
          continue;
        }
        out.add(
            new RecordSet(
                DomainNames.normalize(Route53RecordSets.unescape(s.name())),
                type,
                s.ttl() == null ? 0 : s.ttl(),
                s.resourceRecords().stream()
                    .map(rr -> Route53RecordSets.fromValue(type, rr.value()))
                    .sorted()
                    .toList()));
      }
      if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextRecordName() == null) {
        return Optional.of(out);
      }
      nextName = page.nextRecordName();
      nextType = page.nextRecordTypeAsString();
    }
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    Map<String, List<Change>> byZone = new LinkedHashMap<>();
    for (RecordSet s : changes.deletes()) {
      byZone
          .computeIfAbsent(zones.zoneOf(s.name()), z -> new ArrayList<>())
          .add(Route53RecordSets.change(ChangeAction.DELETE, s));
    }
    for (RecordSet s : changes.creates()) {
      byZone
          .computeIfAbsent(zones.zoneOf(s.name()), z -> new ArrayList<>())
          .add(Route53RecordSets.change(ChangeAction.CREATE, s));
    }
    for (ChangeSet.Update u : changes.updates()) {
      byZone
          .computeIfAbsent(zones.zoneOf(u.after().name()), z -> new ArrayList<>())
          .add(Route53RecordSets.change(ChangeAction.UPSERT, u.after()));
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

  /**
   * One hosted zone, within the documented limits of one {@code ChangeResourceRecordSets} request
   * (Route 53 developer guide, "Quotas", "Quotas on API requests"): at most 1,000 ResourceRecord
   * elements and 32,000 characters in their Value elements, an UPSERT counting twice. Route 53
   * applies a change batch whole or not at all.
   */
  @Override
  public boolean appliesAtomically(ChangeSet changes) {
    if (!ZoneFinder.allInOneZone(changes, zones::zoneOf)) {
      return false;
    }
    int elements = 0;
    long characters = 0;
    List<RecordSet> sets = new ArrayList<>(changes.deletes());
    sets.addAll(changes.creates());
    int firstUpsert = sets.size();
    changes.updates().forEach(u -> sets.add(u.after()));
    for (int i = 0; i < sets.size(); i++) {
      RecordSet set = sets.get(i);
      int weight = i >= firstUpsert ? 2 : 1;
      for (String v : set.values()) {
        elements += weight;
        characters += (long) weight * Route53RecordSets.toValue(set.type(), v).length();
      }
    }
    return elements <= MAX_RECORDS_PER_REQUEST && characters <= MAX_CHARACTERS_PER_REQUEST;
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
