package dev.senderdomain.operator.dns.provider.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Cloudflare API v4 calls the adapter needs
 * (https://developers.cloudflare.com/api/resources/dns/): zone lookup by name and the dns_records
 * collection. Every answer is the v4 envelope {@code {success, errors, result, result_info}}; the
 * token travels only in the {@code Authorization: Bearer} header.
 */
final class CloudflareApi {
  static final String PROVIDER = "Cloudflare";
  static final String DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_PAGE = 100;

  private final String base;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;
  private final Backoff backoff;

  CloudflareApi(URI base, String token, HttpClient http, Duration timeout, Backoff backoff) {
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.token = token;
    this.http = http;
    this.timeout = timeout;
    this.backoff = backoff;
  }

  String base() {
    return base;
  }

  /** GET /zones?name=: the id of the zone with exactly this name, or null. */
  String zoneIdByName(String zone) throws DnsProviderException {
    JsonNode result = send("GET", "/zones?name=" + enc(zone), null).path("result");
    for (JsonNode z : result) {
      if (zone.equalsIgnoreCase(z.path("name").asText())) {
        return z.path("id").asText();
      }
    }
    return null;
  }

  /**
   * GET /zones/{id}/dns_records?name.exact=&type=, every page. The filter is the documented
   * exact-name match; the results are checked again here so a server that ignored it could only
   * cost time, never a wrong set.
   */
  List<JsonNode> records(String zoneId, String name, String type) throws DnsProviderException {
    List<JsonNode> out = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode resp =
          send(
              "GET",
              "/zones/"
                  + enc(zoneId)
                  + "/dns_records?name.exact="
                  + enc(name)
                  + "&type="
                  + enc(type)
                  + "&per_page="
                  + PER_PAGE
                  + "&page="
                  + page,
              null);
      for (JsonNode r : resp.path("result")) {
        if (name.equalsIgnoreCase(r.path("name").asText())
            && type.equals(r.path("type").asText())) {
          out.add(r);
        }
      }
      int totalPages = resp.path("result_info").path("total_pages").asInt(1);
      if (page >= totalPages) {
        return out;
      }
    }
  }

  /** GET /zones?per_page=5: the first zones the token can see (a check of the token). */
  JsonNode zones() throws DnsProviderException {
    return send("GET", "/zones?per_page=5", null).path("result");
  }

  /** GET /zones/{id}/dns_records?per_page=5: the first records of one zone (a check). */
  JsonNode firstRecords(String zoneId) throws DnsProviderException {
    return send("GET", "/zones/" + enc(zoneId) + "/dns_records?per_page=5&page=1", null)
        .path("result");
  }

  /**
   * GET /zones/{id}/dns_records, every page: the whole zone in as few requests as paging allows.
   */
  List<JsonNode> allRecords(String zoneId) throws DnsProviderException {
    List<JsonNode> out = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode resp =
          send(
              "GET",
              "/zones/" + enc(zoneId) + "/dns_records?per_page=" + PER_PAGE + "&page=" + page,
              null);
      resp.path("result").forEach(out::add);
      if (page >= resp.path("result_info").path("total_pages").asInt(1)) {
        return out;
      }
    }
  }

  /**
   * POST /zones/{id}/dns_records/batch: {@code deletes}, {@code patches}, {@code puts}, {@code
   * posts}, executed in that order in one transaction.
   */
  void batch(String zoneId, ObjectNode operations) throws DnsProviderException {
    send("POST", "/zones/" + enc(zoneId) + "/dns_records/batch", operations);
  }

  void create(String zoneId, ObjectNode record) throws DnsProviderException {
    send("POST", "/zones/" + enc(zoneId) + "/dns_records", record);
  }

  /** PUT overwrites the whole record (content, ttl, priority) and keeps its id. */
  void overwrite(String zoneId, String recordId, ObjectNode record) throws DnsProviderException {
    send("PUT", "/zones/" + enc(zoneId) + "/dns_records/" + enc(recordId), record);
  }

  /** PATCH changes only the given fields. */
  void patch(String zoneId, String recordId, ObjectNode fields) throws DnsProviderException {
    send("PATCH", "/zones/" + enc(zoneId) + "/dns_records/" + enc(recordId), fields);
  }

  /**
   * DELETE; a record already gone (HTTP 404) counts as deleted, so a retried delete is harmless.
   */
  void delete(String zoneId, String recordId) throws DnsProviderException {
    try {
      send("DELETE", "/zones/" + enc(zoneId) + "/dns_records/" + enc(recordId), null);
    } catch (DnsProviderException e) {
      if (e.reason() != ProviderFailure.ZoneNotFound || !e.getMessage().contains("81044")) {
        throw e;
      }
    }
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
            Map.of("Authorization", "Bearer " + token),
            PROVIDER);
    JsonNode json = parse(resp.body());
    int status = resp.statusCode();
    if (status >= 200 && status < 300 && json.path("success").asBoolean(false)) {
      return json;
    }
    String errors = errors(json);
    // Cloudflare answers an unknown or malformed zone id with 7003/7000 ("Could not route to
    // /zones/..."), not 404.
    if (errors.contains("7003:") || errors.contains("7000:")) {
      return zoneNotFound(errors);
    }
    throw HttpErrors.forStatus(
        PROVIDER,
        status >= 200 && status < 300 ? 400 : status,
        errors,
        HttpErrors.retryAfter(resp.headers()));
  }

  private static JsonNode zoneNotFound(String errors) throws DnsProviderException {
    throw new DnsProviderException(
        ProviderFailure.ZoneNotFound, PROVIDER + " does not know the zone: " + errors, true);
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
      return n == null ? JSON.createObjectNode() : n;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** "code: message; code: message" from the v4 envelope's errors array. */
  private static String errors(JsonNode json) {
    List<String> parts = new ArrayList<>();
    for (JsonNode e : json.path("errors")) {
      parts.add(e.path("code").asText() + ": " + e.path("message").asText());
    }
    return String.join("; ", parts);
  }
}
