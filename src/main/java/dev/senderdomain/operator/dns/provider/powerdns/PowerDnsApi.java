package dev.senderdomain.operator.dns.provider.powerdns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.senderdomain.operator.dns.provider.Backoff;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.HttpErrors;
import dev.senderdomain.operator.dns.provider.JsonHttp;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The few PowerDNS Authoritative HTTP API calls the adapter needs
 * (https://doc.powerdns.com/authoritative/http-api/): list zones, read a zone's RRsets, PATCH
 * RRsets. The API key travels only in the {@code X-API-Key} header.
 */
final class PowerDnsApi {
  static final String PROVIDER = "PowerDNS";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String serverId;
  private final String apiKey;
  private final HttpClient http;
  private final Duration timeout;
  private final Backoff backoff;

  PowerDnsApi(
      URI base,
      String serverId,
      String apiKey,
      HttpClient http,
      Duration timeout,
      Backoff backoff) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.serverId = serverId;
    this.apiKey = apiKey;
    this.http = http;
    this.timeout = timeout;
    this.backoff = backoff;
  }

  /** GET /api/v1/servers/{server}/zones: every zone the server holds. */
  JsonNode zones() throws DnsProviderException {
    return send("GET", serverPath() + "/zones", null);
  }

  /**
   * GET one zone's RRsets at one owner name; servers before 4.8 ignore the filter and return the
   * whole zone.
   */
  JsonNode zone(String zoneId, String fqdn) throws DnsProviderException {
    return send("GET", zonePath(zoneId) + "?rrset_name=" + enc(fqdn), null);
  }

  /** GET one zone with all its RRsets: one request for the whole zone. */
  JsonNode zone(String zoneId) throws DnsProviderException {
    return send("GET", zonePath(zoneId), null);
  }

  /**
   * PATCH /api/v1/servers/{server}/zones/{zone}: all RRset changes for a zone in one atomic
   * request.
   */
  void patch(String zoneId, JsonNode body) throws DnsProviderException {
    send("PATCH", zonePath(zoneId), body);
  }

  URI base() {
    return base;
  }

  private String serverPath() {
    return "/api/v1/servers/" + enc(serverId);
  }

  private String zonePath(String zoneId) {
    return serverPath() + "/zones/" + enc(zoneId);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonNode send(String method, String pathAndQuery, JsonNode body)
      throws DnsProviderException {
    return backoff.run(() -> sendOnce(method, pathAndQuery, body));
  }

  private JsonNode sendOnce(String method, String pathAndQuery, JsonNode body)
      throws DnsProviderException {
    HttpResponse<String> resp =
        JsonHttp.exchange(
            http,
            URI.create(base + pathAndQuery),
            timeout,
            method,
            body,
            Map.of("X-API-Key", apiKey),
            PROVIDER + " at " + base);
    int status = resp.statusCode();
    if (status >= 200 && status < 300) {
      return parse(resp.body());
    }
    throw HttpErrors.forStatus(
        PROVIDER + " at " + base,
        status,
        errorMessage(resp.body()),
        HttpErrors.retryAfter(resp.headers()));
  }

  private static JsonNode parse(String body) throws DnsProviderException {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new DnsProviderException(
          ProviderFailure.Unreachable,
          PROVIDER + " answered with something that is not JSON",
          false);
    }
  }

  /**
   * PowerDNS errors are {@code {"error": "..."}}; anything else is cut short rather than echoed
   * whole.
   */
  private static String errorMessage(String body) {
    if (body == null) {
      return "";
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("error")) {
        return n.get("error").asText();
      }
    } catch (IOException ignored) {
      // not JSON: fall through
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
