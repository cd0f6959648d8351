package dev.senderdomain.operator.dns.provider.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.senderdomain.operator.dns.provider.TxtCharacterStrings;
import dev.senderdomain.operator.dns.provider.ZoneFinder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Cloudflare DNS through API v4. Cloudflare stores single records, not RRsets, so replacing a set
 * means: keep the records whose value is wanted (PATCH the TTL if it differs), overwrite unwanted
 * ones with missing values (PUT, keeps the record id), create what is still missing (POST), delete
 * what is left (DELETE). Each step is idempotent, so a change set interrupted half way is finished
 * by the next reconcile.
 *
 * <p>TXT content is sent as quoted RFC 1035 character-strings of at most 255 octets, as the API
 * documents it ("The content must consist of quoted character strings, each with a length of up to
 * 255 bytes"); on read both the quoted and the legacy unquoted form are understood.
 */
public final class CloudflareAdapter implements DnsProviderAdapter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final CloudflareApi api;
  private final String zone;
  private final String zoneId;
  private final ZoneFinder<String> zones;

  CloudflareAdapter(CloudflareApi api, String zone, String zoneId) {
    this.api = api;
    this.zone = zone == null || zone.isBlank() ? null : DomainNames.normalize(zone);
    this.zoneId = zoneId == null || zoneId.isBlank() ? null : zoneId.trim();
    this.zones =
        ZoneFinder.of(
            this.zone,
            this.zoneId,
            name -> Optional.ofNullable(api.zoneIdByName(name)),
            what -> "Cloudflare account has no zone " + what + " visible to this token");
  }

  /**
   * The {@code ProviderRegistry} factory: the token is read from {@code apiTokenSecretRef} through
   * {@code secrets}.
   */
  public static DnsProviderAdapter fromSpec(
      DnsProviderSpec spec, String namespace, SecretResolver secrets) throws DnsProviderException {
    DnsProviderSpec.Cloudflare s = spec.cloudflare;
    if (s.apiTokenSecretRef == null) {
      throw new DnsProviderException(
          ProviderFailure.InvalidProvider, "spec.cloudflare.apiTokenSecretRef is required", true);
    }
    String token = secrets.secret(namespace, s.apiTokenSecretRef);
    RequestBudget budget =
        RequestBudget.forProvider(
            spec, "cloudflare", String.valueOf(token).trim(), RequestBudget.CLOUDFLARE);
    try {
      return create(s, token, Backoff.standard().withBudget(budget));
    } catch (IllegalArgumentException e) {
      throw new DnsProviderException(ProviderFailure.InvalidProvider, e.getMessage(), true);
    }
  }

  /**
   * The factory for a {@code cloudflare} section; {@code apiToken} is the value read from
   * apiTokenSecretRef.
   */
  public static DnsProviderAdapter create(DnsProviderSpec.Cloudflare spec, String apiToken) {
    // Cloudflare's documented global limit: 1,200 requests per 5 minutes per user (token).
    return create(
        spec,
        apiToken,
        Backoff.standard()
            .withBudget(
                RequestBudget.shared(
                    "cloudflare", String.valueOf(apiToken).trim(), RequestBudget.CLOUDFLARE)));
  }

  public static DnsProviderAdapter create(
      DnsProviderSpec.Cloudflare spec, String apiToken, Backoff backoff) {
    if (spec == null) {
      throw new IllegalArgumentException("spec.cloudflare section is missing");
    }
    if (apiToken == null || apiToken.isBlank()) {
      throw new IllegalArgumentException(
          "spec.cloudflare.apiTokenSecretRef points at an empty API token");
    }
    String base =
        spec.baseUrl == null || spec.baseUrl.isBlank()
            ? CloudflareApi.DEFAULT_BASE_URL
            : spec.baseUrl;
    URI url;
    try {
      url = URI.create(base.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec.cloudflare.baseUrl is not a URL: " + base);
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "spec.cloudflare.baseUrl must be an http(s) URL with a host: " + base);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return new CloudflareAdapter(
        new CloudflareApi(url, apiToken.trim(), http, Duration.ofSeconds(20), backoff),
        spec.zone,
        spec.zoneId);
  }

  @Override
  public String name() {
    return "cloudflare";
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException {
    List<RecordSet> out = new ArrayList<>();
    for (RecordKey key : new TreeSet<>(keys)) {
      List<JsonNode> records = api.records(zones.zoneOf(key.name()), key.name(), key.type().name());
      if (records.isEmpty()) {
        continue;
      }
      long ttl = records.get(0).path("ttl").asLong();
      List<String> values = records.stream().map(r -> valueOf(key.type(), r)).sorted().toList();
      out.add(new RecordSet(key.name(), key.type(), ttl, values));
    }
    return out;
  }

  /**
   * The zone as the token sees it: with a zone id, one page of its records; with a zone name, its
   * id looked up by name; with neither, the zones list. A token Cloudflare refuses is its 401/403
   * (Unauthorized), a zone it cannot see is ZoneNotFound.
   */
  @Override
  public String check() throws DnsProviderException {
    String base = "Cloudflare at " + api.base();
    if (zoneId != null) {
      api.firstRecords(zoneId);
      return base + " accepted the API token and lists zone id " + zoneId;
    }
    if (zone != null) {
      String id = zones.zoneOf(zone);
      return base + " accepted the API token and serves zone " + zone + " (id " + id + ")";
    }
    api.zones();
    return base + " accepted the API token; no zone is named, each domain's zone is looked up";
  }

  /** The zone's id: what {@link #readZone} lists. */
  @Override
  public Optional<String> zoneFor(String name) throws DnsProviderException {
    return Optional.of(zones.zoneOf(name));
  }

  /**
   * Every record of the zone (by id), paged, grouped into RRsets of the types the operator handles.
   */
  @Override
  public Optional<List<RecordSet>> readZone(String zoneId) throws DnsProviderException {
    java.util.Map<RecordKey, List<JsonNode>> byKey = new java.util.TreeMap<>();
    for (JsonNode r : api.allRecords(zoneId)) {
      RecordType type;
      try {
        type = RecordType.valueOf(r.path("type").asText());
      } catch (IllegalArgumentException e) {
        continue;
      }
      byKey
          .computeIfAbsent(
              new RecordKey(DomainNames.normalize(r.path("name").asText()), type),
              k -> new ArrayList<>())
          .add(r);
    }
    List<RecordSet> out = new ArrayList<>();
    byKey.forEach(
        (key, records) ->
            out.add(
                new RecordSet(
                    key.name(),
                    key.type(),
                    records.get(0).path("ttl").asLong(),
                    records.stream().map(r -> valueOf(key.type(), r)).sorted().toList())));
    return Optional.of(out);
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    for (RecordSet s : changes.deletes()) {
      String zid = zones.zoneOf(s.name());
      for (JsonNode r : api.records(zid, s.name(), s.type().name())) {
        api.delete(zid, r.path("id").asText());
      }
    }
    for (RecordSet s : changes.creates()) {
      replace(s);
    }
    for (ChangeSet.Update u : changes.updates()) {
      replace(u.after());
    }
  }

  /** Makes the records at (name, type) exactly {@code set}, touching as few records as possible. */
  private void replace(RecordSet set) throws DnsProviderException {
    String zid = zones.zoneOf(set.name());
    List<JsonNode> unused = new LinkedList<>(api.records(zid, set.name(), set.type().name()));
    List<String> missing = new ArrayList<>();
    for (String value : set.values()) {
      JsonNode same =
          unused.stream()
              .filter(r -> valueOf(set.type(), r).equals(value))
              .findFirst()
              .orElse(null);
      if (same == null) {
        missing.add(value);
        continue;
      }
      unused.remove(same);
      if (same.path("ttl").asLong() != set.ttl()) {
        api.patch(zid, same.path("id").asText(), NODES.objectNode().put("ttl", set.ttl()));
      }
    }
    for (String value : missing) {
      ObjectNode body = body(set, value);
      if (!unused.isEmpty()) {
        api.overwrite(zid, unused.remove(0).path("id").asText(), body);
      } else {
        api.create(zid, body);
      }
    }
    for (JsonNode r : unused) {
      api.delete(zid, r.path("id").asText());
    }
  }

  private static ObjectNode body(RecordSet set, String value) {
    ObjectNode b =
        NODES
            .objectNode()
            .put("type", set.type().name())
            .put("name", set.name())
            .put("ttl", set.ttl());
    switch (set.type()) {
      case TXT -> b.put("content", TxtCharacterStrings.quote(value));
      case MX -> {
        String[] parts = value.split(" ", 2);
        if (parts.length != 2) {
          throw new IllegalArgumentException("MX value must be '<preference> <host>': " + value);
        }
        b.put("priority", Integer.parseInt(parts[0])).put("content", parts[1]);
      }
      // A proxied CNAME would be answered with Cloudflare's addresses, not the tracking host: never
      // proxy.
      case CNAME -> b.put("content", value).put("proxied", false);
    }
    return b;
  }

  static String valueOf(RecordType type, JsonNode r) {
    String content = r.path("content").asText();
    return switch (type) {
      case TXT -> content.startsWith("\"") ? TxtCharacterStrings.unquote(content) : content;
      case MX -> DomainNames.normalize(r.path("priority").asInt() + " " + content);
      case CNAME -> DomainNames.normalize(content);
    };
  }

  @Override
  public String toString() {
    return "CloudflareAdapter["
        + api.base()
        + (zone == null ? "" : ", zone " + zone)
        + (zoneId == null ? "" : ", zoneId " + zoneId)
        + "]";
  }
}
