package dev.senderdomain.operator.dns.provider.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Cloudflare DNS through API v4. Cloudflare stores single records, not RRsets, so replacing a set
 * means: keep the records whose value is wanted (patch the TTL if it differs), overwrite unwanted
 * ones with missing values (put, keeps the record id), create what is still missing (post), delete
 * what is left. All operations of a zone go in one batch request, applied all or none, so a change
 * set of several domains can share it ({@link #appliesAtomically}) and a budget of 1,200 requests
 * per 5 minutes is not spent one record at a time.
 *
 * <p>TXT content is sent as quoted RFC 1035 character-strings of at most 255 octets, as the API
 * documents it ("The content must consist of quoted character strings, each with a length of up to
 * 255 bytes"); on read both the quoted and the legacy unquoted form are understood.
 */
public final class CloudflareAdapter implements DnsProviderAdapter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Record operations in one batch request: the documented limit of the Free plan (200). */
  static final int MAX_BATCH_OPERATIONS = 200;

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

  /**
   * One zone, and at most {@link #MAX_BATCH_OPERATIONS} record operations counted from above (every
   * value deleted, written or replaced): one {@code /dns_records/batch} request, which Cloudflare
   * executes "in a single database transaction" (API reference, "Batch DNS Records").
   */
  @Override
  public boolean appliesAtomically(ChangeSet changes) {
    if (!ZoneFinder.allInOneZone(changes, zones::zoneOf)) {
      return false;
    }
    int operations = 0;
    for (RecordSet s : changes.deletes()) {
      operations += s.values().size();
    }
    for (RecordSet s : changes.creates()) {
      operations += s.values().size();
    }
    for (ChangeSet.Update u : changes.updates()) {
      operations += u.before().values().size() + u.after().values().size();
    }
    return operations <= MAX_BATCH_OPERATIONS;
  }

  /**
   * Every change of a zone in one {@code POST /zones/{id}/dns_records/batch}, which Cloudflare runs
   * as deletes, patches, puts, posts, all or none. The records of sets to delete or replace are
   * looked up first (Cloudflare addresses single records by id); a created set needs no lookup.
   */
  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    Map<String, ObjectNode> batches = new LinkedHashMap<>();
    for (RecordSet s : changes.deletes()) {
      String zid = zones.zoneOf(s.name());
      for (JsonNode r : api.records(zid, s.name(), s.type().name())) {
        batch(batches, zid).withArray("deletes").addObject().put("id", r.path("id").asText());
      }
    }
    for (ChangeSet.Update u : changes.updates()) {
      replace(batches, u.after());
    }
    for (RecordSet c : changes.creates()) {
      ArrayNode posts = batch(batches, zones.zoneOf(c.name())).withArray("posts");
      for (String value : c.values()) {
        posts.add(body(c, value));
      }
    }
    for (Map.Entry<String, ObjectNode> e : batches.entrySet()) {
      for (ObjectNode part : parts(e.getValue())) {
        api.batch(e.getKey(), part);
      }
    }
  }

  /**
   * A zone's operations in batches of at most {@link #MAX_BATCH_OPERATIONS}, in the order the API
   * runs them (deletes, patches, puts, posts), so a set too large for one batch still goes out in
   * order; only such a change set is not atomic, and {@link #appliesAtomically} says so.
   */
  static List<ObjectNode> parts(ObjectNode operations) {
    List<ObjectNode> parts = new ArrayList<>();
    ObjectNode part = NODES.objectNode();
    int inPart = 0;
    for (String kind : List.of("deletes", "patches", "puts", "posts")) {
      for (JsonNode op : operations.path(kind)) {
        if (inPart == MAX_BATCH_OPERATIONS) {
          parts.add(part);
          part = NODES.objectNode();
          inPart = 0;
        }
        part.withArray(kind).add(op);
        inPart++;
      }
    }
    if (inPart > 0) {
      parts.add(part);
    }
    return parts;
  }

  private static ObjectNode batch(Map<String, ObjectNode> batches, String zoneId) {
    return batches.computeIfAbsent(zoneId, z -> NODES.objectNode());
  }

  /**
   * A set's new content as record operations: keep the records whose value is wanted (patch the TTL
   * if it differs), overwrite unwanted ones with missing values (put, keeps the record id), create
   * what is still missing (post), delete what is left.
   */
  private void replace(Map<String, ObjectNode> batches, RecordSet set) throws DnsProviderException {
    String zid = zones.zoneOf(set.name());
    ObjectNode batch = batch(batches, zid);
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
        batch
            .withArray("patches")
            .addObject()
            .put("id", same.path("id").asText())
            .put("ttl", set.ttl());
      }
    }
    for (String value : missing) {
      ObjectNode body = body(set, value);
      if (!unused.isEmpty()) {
        ObjectNode put = NODES.objectNode().put("id", unused.remove(0).path("id").asText());
        put.setAll(body);
        batch.withArray("puts").add(put);
      } else {
        batch.withArray("posts").add(body);
      }
    }
    for (JsonNode r : unused) {
      batch.withArray("deletes").addObject().put("id", r.path("id").asText());
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
