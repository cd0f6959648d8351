package dev.senderdomain.operator.dns.provider.powerdns;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * PowerDNS Authoritative through its HTTP API: whole RRsets replaced with {@code changetype:
 * REPLACE} and removed with {@code DELETE}, all changes of one zone in one PATCH (which PowerDNS
 * applies atomically). When no zone is configured, the zone of each name is the longest zone on the
 * server that contains it.
 */
public final class PowerDnsAdapter implements DnsProviderAdapter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final PowerDnsApi api;
  private final String zone;

  /** A merged PATCH body stays under this many characters (the server's default allows 2 MB). */
  static final int MAX_PATCH_CHARACTERS = 1_000_000;

  private final ZoneFinder<ZoneRef> zones;
  private volatile List<ZoneRef> zoneList;

  record ZoneRef(String name, String id) {}

  PowerDnsAdapter(PowerDnsApi api, String zone) {
    this.api = api;
    this.zone = zone == null || zone.isBlank() ? null : DomainNames.normalize(zone);
    // A configured zone is used as named (its id is the name with the dot); a wrong one is the
    // server's 404. Without one, the longest zone the server lists above the name.
    this.zones =
        ZoneFinder.of(
                this.zone,
                this.zone == null ? null : new ZoneRef(this.zone, this.zone + "."),
                this::zoneNamed,
                what -> "PowerDNS at " + api.base() + " serves no zone " + what)
            .askingAgainOnMiss(() -> zoneList = null);
  }

  /**
   * The {@code ProviderRegistry} factory: the API key is read from {@code apiKeySecretRef} through
   * {@code secrets}.
   */
  public static DnsProviderAdapter fromSpec(
      DnsProviderSpec spec, String namespace, SecretResolver secrets) throws DnsProviderException {
    DnsProviderSpec.PowerDns s = spec.powerdns;
    if (s.apiKeySecretRef == null) {
      throw new DnsProviderException(
          ProviderFailure.InvalidProvider, "spec.powerdns.apiKeySecretRef is required", true);
    }
    String apiKey = secrets.secret(namespace, s.apiKeySecretRef);
    // No limit of its own unless the DnsProvider sets one; shared by every provider of the server.
    RequestBudget budget =
        RequestBudget.forProvider(spec, "powerdns", String.valueOf(s.url).trim(), null);
    try {
      return create(s, apiKey, Backoff.standard().withBudget(budget));
    } catch (IllegalArgumentException e) {
      throw new DnsProviderException(ProviderFailure.InvalidProvider, e.getMessage(), true);
    }
  }

  /**
   * The factory for a {@code powerdns} DnsProvider section; {@code apiKey} is the value read from
   * {@code apiKeySecretRef}.
   */
  public static DnsProviderAdapter create(DnsProviderSpec.PowerDns spec, String apiKey) {
    return create(spec, apiKey, Backoff.standard());
  }

  public static DnsProviderAdapter create(
      DnsProviderSpec.PowerDns spec, String apiKey, Backoff backoff) {
    if (spec == null || spec.url == null || spec.url.isBlank()) {
      throw new IllegalArgumentException(
          "spec.powerdns.url is required (e.g. http://pdns.dns.svc:8081)");
    }
    URI url;
    try {
      url = URI.create(spec.url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec.powerdns.url is not a URL: " + spec.url);
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "spec.powerdns.url must be an http:// or https:// URL with a host: " + spec.url);
    }
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException(
          "spec.powerdns.apiKeySecretRef points at an empty API key");
    }
    String serverId =
        spec.serverId == null || spec.serverId.isBlank() ? "localhost" : spec.serverId;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return new PowerDnsAdapter(
        new PowerDnsApi(url, serverId, apiKey.trim(), http, Duration.ofSeconds(15), backoff),
        spec.zone);
  }

  @Override
  public String name() {
    return "powerdns";
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException {
    Map<String, List<RecordKey>> byName = new LinkedHashMap<>();
    for (RecordKey k : new TreeSet<>(keys)) {
      byName.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k);
    }
    List<RecordSet> out = new ArrayList<>();
    for (Map.Entry<String, List<RecordKey>> e : byName.entrySet()) {
      ZoneRef z = zones.zoneOf(e.getKey());
      JsonNode rrsets = api.zone(z.id(), e.getKey() + ".").path("rrsets");
      for (RecordKey key : e.getValue()) {
        for (JsonNode rrset : rrsets) {
          toRecordSet(rrset).filter(set -> set.key().equals(key)).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /**
   * The enabled records of one RRset of the API's answer, when its type is one the operator
   * handles.
   */
  private static Optional<RecordSet> toRecordSet(JsonNode rrset) {
    RecordType type;
    try {
      type = RecordType.valueOf(rrset.path("type").asText());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode r : rrset.path("records")) {
      if (!r.path("disabled").asBoolean(false)) {
        values.add(fromContent(type, r.path("content").asText()));
      }
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RecordSet(
            DomainNames.normalize(rrset.path("name").asText()),
            type,
            rrset.path("ttl").asLong(),
            values.stream().sorted().toList()));
  }

  @Override
  public Optional<String> zoneFor(String name) throws DnsProviderException {
    return Optional.of(DomainNames.normalize(zones.zoneOf(name).name()));
  }

  /**
   * The zone list (every key may read it), then, with a configured zone, that the list holds it: a
   * wrong key is the API's 401, a zone the server does not hold is ZoneNotFound.
   */
  @Override
  public String check() throws DnsProviderException {
    zoneList = null;
    if (zone == null) {
      int count = api.zones().size();
      return "PowerDNS at " + api.base() + " accepted the API key and lists " + count + " zone(s)";
    }
    if (zoneNamed(zone).isEmpty()) {
      throw new DnsProviderException(
          ProviderFailure.ZoneNotFound,
          "checking zone " + zone + ": PowerDNS at " + api.base() + " serves no zone " + zone,
          true);
    }
    return "PowerDNS at " + api.base() + " accepted the API key and serves zone " + zone;
  }

  /** The whole zone in one GET (the zone object carries every RRset). */
  @Override
  public Optional<List<RecordSet>> readZone(String zone) throws DnsProviderException {
    List<RecordSet> out = new ArrayList<>();
    for (JsonNode rrset : api.zone(zones.zoneOf(zone).id()).path("rrsets")) {
      toRecordSet(rrset).ifPresent(out::add);
    }
    return Optional.of(out);
  }

  /**
   * One zone: PowerDNS applies the rrsets of one PATCH in one transaction, all or none (its HTTP
   * API, "Zones: PATCH"). The body stays far below the web server's default request limit ({@link
   * #MAX_PATCH_CHARACTERS}, {@code webserver-max-bodysize} is 2 MB).
   */
  @Override
  public boolean appliesAtomically(ChangeSet changes) {
    if (!ZoneFinder.allInOneZone(changes, zones::zoneOf)) {
      return false;
    }
    long characters = 0;
    List<RecordSet> sets = new ArrayList<>(changes.creates());
    sets.addAll(changes.deletes());
    changes.updates().forEach(u -> sets.add(u.after()));
    for (RecordSet set : sets) {
      characters += set.name().length() + 64;
      for (String v : set.values()) {
        characters += v.length() + 32;
      }
    }
    return characters <= MAX_PATCH_CHARACTERS;
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    Map<ZoneRef, ArrayNode> byZone = new LinkedHashMap<>();
    for (RecordSet s : changes.creates()) {
      byZone.computeIfAbsent(zones.zoneOf(s.name()), z -> NODES.arrayNode()).add(replace(s));
    }
    for (ChangeSet.Update u : changes.updates()) {
      byZone
          .computeIfAbsent(zones.zoneOf(u.after().name()), z -> NODES.arrayNode())
          .add(replace(u.after()));
    }
    for (RecordSet s : changes.deletes()) {
      ObjectNode rrset =
          NODES
              .objectNode()
              .put("name", s.name() + ".")
              .put("type", s.type().name())
              .put("changetype", "DELETE");
      byZone.computeIfAbsent(zones.zoneOf(s.name()), z -> NODES.arrayNode()).add(rrset);
    }
    for (Map.Entry<ZoneRef, ArrayNode> e : byZone.entrySet()) {
      ObjectNode body = NODES.objectNode();
      body.set("rrsets", e.getValue());
      api.patch(e.getKey().id(), body);
    }
  }

  private static ObjectNode replace(RecordSet s) {
    ObjectNode rrset =
        NODES
            .objectNode()
            .put("name", s.name() + ".")
            .put("type", s.type().name())
            .put("ttl", s.ttl())
            .put("changetype", "REPLACE");
    ArrayNode records = rrset.putArray("records");
    for (String v : s.values()) {
      records.addObject().put("content", toContent(s.type(), v)).put("disabled", false);
    }
    return rrset;
  }

  /**
   * PowerDNS content is zone-file presentation: quoted TXT strings, absolute host names with the
   * dot.
   */
  static String toContent(RecordType type, String value) {
    return switch (type) {
      case TXT -> TxtCharacterStrings.quote(value);
      case MX, CNAME -> value + ".";
    };
  }

  static String fromContent(RecordType type, String content) {
    return switch (type) {
      case TXT -> TxtCharacterStrings.unquote(content);
      case MX -> DomainNames.normalize(String.join(" ", content.trim().split("\\s+")));
      case CNAME -> DomainNames.normalize(content);
    };
  }

  /** The zones the server serves, read once per adapter (and again when a name fits none). */
  private Optional<ZoneRef> zoneNamed(String name) throws DnsProviderException {
    if (zoneList == null) {
      List<ZoneRef> found = new ArrayList<>();
      for (JsonNode z : api.zones()) {
        found.add(
            new ZoneRef(DomainNames.normalize(z.path("name").asText()), z.path("id").asText()));
      }
      zoneList = found;
    }
    return zoneList.stream().filter(z -> z.name().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return "PowerDnsAdapter[" + api.base() + (zone == null ? "" : ", zone " + zone) + "]";
  }
}
