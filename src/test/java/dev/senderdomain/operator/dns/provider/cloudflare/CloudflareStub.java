package dev.senderdomain.operator.dns.provider.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.senderdomain.operator.dns.provider.TxtCharacterStrings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recorded-contract stub of the Cloudflare API v4 DNS endpoints, NOT Cloudflare itself (no
 * Cloudflare can run here). It implements, with an in-memory zone, exactly what the public API
 * reference documents: {@code GET /zones?name=}, {@code GET/POST /zones/{zone_id}/dns_records}
 * (filters {@code name.exact}, {@code type}, paging with {@code page}/{@code per_page} and {@code
 * result_info}), {@code PUT/PATCH/DELETE /zones/{zone_id}/dns_records/{id}}, {@code POST
 * /zones/{zone_id}/dns_records/batch} (deletes, patches, puts, posts in that order, all or none, at
 * most 200 operations as on the Free plan), the {@code {success, errors, messages, result}}
 * envelope and its error codes (10000 authentication, 7003 unknown zone, 81044 missing record,
 * 81058 identical record, 81053 CNAME conflict, 9021 bad TTL), TXT content as quoted
 * character-strings with over-long strings split by the server, and HTTP 429 with Retry-After. It
 * is strict about what a client sends: Bearer token, JSON content type, required fields, MX
 * priority, TTL 1 or 60..86400.
 */
final class CloudflareStub implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Canned(int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final String token;
  private final Map<String, String> zones = new LinkedHashMap<>(); // id -> name
  private final Map<String, ObjectNode> records = new LinkedHashMap<>(); // id -> record
  private final Deque<Canned> canned = new ArrayDeque<>();
  private final AtomicInteger ids = new AtomicInteger();

  /** Batch requests applied (each one transaction). */
  final AtomicInteger batches = new AtomicInteger();

  /** Record operations one batch may hold: 200 on the Free plan, 3,500 on paid plans. */
  int batchLimit = 200;

  final List<String> requests = new CopyOnWriteArrayList<>();

  CloudflareStub(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/client/v4/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4";
  }

  synchronized String addZone(String name) {
    String id = String.format("%032x", zones.size() + 1);
    zones.put(id, name);
    return id;
  }

  private int limit;
  private long windowNanos;
  private long windowStart = System.nanoTime();
  private int inWindow;

  /** How many requests the documented rate limit turned away (HTTP 429). */
  final java.util.concurrent.atomic.AtomicInteger throttled =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Turns on Cloudflare's documented rate limiting at this scale: more than {@code requests} in one
   * window of {@code per} are answered 429, code 971, with Retry-After (whole seconds to the end of
   * the window), as the global API limit (1,200 per 5 minutes) is.
   */
  synchronized void limit(int requests, Duration per) {
    this.limit = requests;
    this.windowNanos = per.toNanos();
    this.windowStart = System.nanoTime();
    this.inWindow = 0;
  }

  /** The next {@code times} requests get this answer instead (rate limits, outages). */
  synchronized void failNext(int times, int status, String body, Map<String, String> headers) {
    for (int i = 0; i < times; i++) {
      canned.add(new Canned(status, body, headers));
    }
  }

  synchronized List<ObjectNode> recordsNamed(String name) {
    return records.values().stream().filter(r -> r.path("name").asText().equals(name)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath().substring("/client/v4".length());
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    byte[] body = ex.getRequestBody().readAllBytes();
    requests.add(method + " " + path);
    try {
      if (limit > 0) {
        long now = System.nanoTime();
        if (now - windowStart >= windowNanos) {
          windowStart = now;
          inWindow = 0;
        }
        if (++inWindow > limit) {
          throttled.incrementAndGet();
          long left = windowNanos - (now - windowStart);
          ex.getResponseHeaders()
              .add(
                  "Retry-After", String.valueOf(Math.max(1, (left + 999_999_999) / 1_000_000_000)));
          send(ex, 429, error(971, "Please wait and consider throttling your request speed"));
          return;
        }
      }
      Canned c = canned.poll();
      if (c != null) {
        c.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        send(ex, c.status(), c.body());
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.equals("Bearer " + token)) {
        send(ex, 403, error(10000, "Authentication error"));
        return;
      }
      String[] p = path.split("/");
      if (method.equals("GET") && path.equals("/zones")) {
        ArrayNode result = JSON.createArrayNode();
        zones.forEach(
            (id, n) -> {
              if (!q.containsKey("name") || q.get("name").equals(n)) {
                result.addObject().put("id", id).put("name", n).put("status", "active");
              }
            });
        send(ex, 200, ok(result, result.size()));
        return;
      }
      if (p.length < 4 || !p[1].equals("zones") || !p[3].equals("dns_records")) {
        send(ex, 404, error(7000, "No route for that URI"));
        return;
      }
      String zoneId = p[2];
      if (!zones.containsKey(zoneId)) {
        send(
            ex,
            404,
            error(
                7003,
                "Could not route to /zones/"
                    + zoneId
                    + "/dns_records, perhaps your object "
                    + "identifier is invalid?"));
        return;
      }
      String recordId = p.length > 4 ? p[4] : null;
      boolean batch = "batch".equals(recordId);
      if (Set.of("POST", "PUT", "PATCH").contains(method)
          && !String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"))
              .startsWith("application/json")) {
        send(ex, 400, error(6003, "Invalid request headers"));
        return;
      }
      if (batch && method.equals("POST")) {
        batch(ex, zoneId, (ObjectNode) JSON.readTree(body));
      } else if (recordId == null && method.equals("GET")) {
        list(ex, zoneId, q);
      } else if (recordId == null && method.equals("POST")) {
        write(ex, zoneId, null, (ObjectNode) JSON.readTree(body), false);
      } else if (recordId != null && !records.containsKey(recordId)) {
        send(ex, 404, error(81044, "Record does not exist."));
      } else if (method.equals("PUT")) {
        write(ex, zoneId, recordId, (ObjectNode) JSON.readTree(body), false);
      } else if (method.equals("PATCH")) {
        write(ex, zoneId, recordId, (ObjectNode) JSON.readTree(body), true);
      } else if (method.equals("DELETE")) {
        records.remove(recordId);
        send(ex, 200, ok(JSON.createObjectNode().put("id", recordId), -1));
      } else {
        send(ex, 405, error(10405, "Method not allowed"));
      }
    } catch (RuntimeException e) {
      send(ex, 400, error(1004, "DNS Validation Error: " + e.getMessage()));
    }
  }

  private void list(HttpExchange ex, String zoneId, Map<String, String> q) throws IOException {
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode r : records.values()) {
      if (r.path("zone_id").asText().equals(zoneId)
          && (!q.containsKey("name.exact") || q.get("name.exact").equals(r.path("name").asText()))
          && (!q.containsKey("name") || q.get("name").equals(r.path("name").asText()))
          && (!q.containsKey("type") || q.get("type").equals(r.path("type").asText()))) {
        matching.add(r);
      }
    }
    int perPage = Integer.parseInt(q.getOrDefault("per_page", "100"));
    int page = Integer.parseInt(q.getOrDefault("page", "1"));
    ArrayNode result = JSON.createArrayNode();
    matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(result::add);
    ObjectNode resp = ok(result, matching.size());
    ((ObjectNode) resp.get("result_info"))
        .put("page", page)
        .put("per_page", perPage)
        .put("total_pages", Math.max(1, (matching.size() + perPage - 1) / perPage));
    send(ex, 200, resp);
  }

  /** A request the API refuses: its HTTP status and error envelope. */
  private static final class Refusal extends Exception {
    final int status;
    final String body;

    Refusal(int status, String body) {
      super(body, null, false, false);
      this.status = status;
      this.body = body;
    }
  }

  private void write(HttpExchange ex, String zoneId, String recordId, ObjectNode in, boolean patch)
      throws IOException {
    try {
      send(ex, 200, ok(store(zoneId, recordId, in, patch), -1));
    } catch (Refusal r) {
      send(ex, r.status, r.body);
    }
  }

  /**
   * POST /zones/{id}/dns_records/batch: deletes, then patches, then puts, then posts, in one
   * transaction (the API reference, "Batch DNS Records"): the first refused operation refuses the
   * whole batch and nothing is kept. At most {@link #batchLimit} operations (the documented limit
   * of the Free plan, 200; 3,500 on paid plans).
   */
  private void batch(HttpExchange ex, String zoneId, ObjectNode in) throws IOException {
    int operations = 0;
    for (String kind : List.of("deletes", "patches", "puts", "posts")) {
      operations += in.path(kind).size();
    }
    if (operations > batchLimit) {
      send(
          ex,
          400,
          error(
              1004,
              "DNS Validation Error: a batch may hold at most "
                  + batchLimit
                  + " record operations on this plan"));
      return;
    }
    Map<String, ObjectNode> before = new LinkedHashMap<>(records);
    ObjectNode result = JSON.createObjectNode();
    try {
      for (JsonNode d : in.path("deletes")) {
        String id = d.path("id").asText();
        if (records.remove(id) == null) {
          throw new Refusal(404, error(81044, "Record does not exist."));
        }
        result.withArray("deletes").add(JSON.createObjectNode().put("id", id));
      }
      for (String kind : List.of("patches", "puts")) {
        for (JsonNode op : in.path(kind)) {
          String id = op.path("id").asText();
          if (!records.containsKey(id)) {
            throw new Refusal(404, error(81044, "Record does not exist."));
          }
          ObjectNode fields = ((ObjectNode) op).deepCopy();
          fields.remove("id");
          result.withArray(kind).add(store(zoneId, id, fields, kind.equals("patches")));
        }
      }
      for (JsonNode op : in.path("posts")) {
        result.withArray("posts").add(store(zoneId, null, (ObjectNode) op, false));
      }
    } catch (Refusal r) {
      records.clear();
      records.putAll(before);
      send(ex, r.status, r.body);
      return;
    }
    batches.incrementAndGet();
    send(ex, 200, ok(result, -1));
  }

  /** Validates one record write as the API does and stores it; returns the stored record. */
  private ObjectNode store(String zoneId, String recordId, ObjectNode in, boolean patch)
      throws Refusal {
    ObjectNode r = recordId == null ? JSON.createObjectNode() : records.get(recordId).deepCopy();
    if (patch) {
      in.fields().forEachRemaining(f -> r.set(f.getKey(), f.getValue()));
    } else {
      for (String required : List.of("type", "name", "content")) {
        if (!in.hasNonNull(required)) {
          throw new Refusal(
              400, error(9000 + required.length(), "DNS record " + required + " is required"));
        }
      }
      r.removeAll();
      r.setAll(in);
    }
    String type = r.path("type").asText();
    String name = r.path("name").asText();
    String zone = zones.get(zoneId);
    if (!name.equals(zone) && !name.endsWith("." + zone)) {
      throw new Refusal(
          400, error(9005, "Content for record name is invalid: not in zone " + zone));
    }
    long ttl = r.path("ttl").asLong(1);
    if (ttl != 1 && (ttl < 60 || ttl > 86400)) {
      throw new Refusal(
          400,
          error(9021, "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic."));
    }
    if (type.equals("MX") && (!r.has("priority") || r.get("priority").asInt(-1) < 0)) {
      throw new Refusal(400, error(9100, "MX records require a priority"));
    }
    if (type.equals("TXT")) {
      // Documented: content is quoted character-strings of up to 255 bytes; longer strings are
      // split.
      String content = r.path("content").asText();
      String logical = content.startsWith("\"") ? TxtCharacterStrings.unquote(content) : content;
      r.put("content", TxtCharacterStrings.quote(logical));
    }
    for (ObjectNode other : records.values()) {
      if (other.path("id").asText().equals(recordId) || !other.path("name").asText().equals(name)) {
        continue;
      }
      if (type.equals("CNAME") != other.path("type").asText().equals("CNAME")) {
        throw new Refusal(
            400, error(81053, "An A, AAAA, or CNAME record with that host already exists."));
      }
      if (other.path("type").asText().equals(type)
          && other.path("content").equals(r.path("content"))
          && other.path("priority").equals(r.path("priority"))) {
        throw new Refusal(400, error(81058, "An identical record already exists."));
      }
    }
    String id =
        recordId != null ? recordId : String.format("%032x", 0x10000 + ids.incrementAndGet());
    r.put("id", id).put("zone_id", zoneId).put("zone_name", zone).put("ttl", ttl);
    if (!r.has("proxied")) {
      r.put("proxied", false);
    }
    records.put(id, r);
    return r;
  }

  private static ObjectNode ok(JsonNode result, int count) {
    ObjectNode o = JSON.createObjectNode().put("success", true);
    o.putArray("errors");
    o.putArray("messages");
    o.set("result", result);
    if (count >= 0) {
      o.putObject("result_info")
          .put("page", 1)
          .put("per_page", 100)
          .put("count", result.size())
          .put("total_count", count)
          .put("total_pages", 1);
    }
    return o;
  }

  static String error(int code, String message) {
    ObjectNode o = JSON.createObjectNode().put("success", false);
    o.putArray("errors").addObject().put("code", code).put("message", message);
    o.putArray("messages");
    o.putNull("result");
    return o.toString();
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int i = kv.indexOf('=');
        q.put(
            URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8),
            i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }
}
