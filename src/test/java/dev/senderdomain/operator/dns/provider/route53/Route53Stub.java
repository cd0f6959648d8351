package dev.senderdomain.operator.dns.provider.route53;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.senderdomain.operator.dns.provider.TxtCharacterStrings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A recorded-contract stub of the Route 53 REST/XML API (version 2013-04-01), NOT Route 53 (no AWS
 * here). It implements with in-memory hosted zones what the API reference documents for the three
 * calls the adapter makes: {@code GET /2013-04-01/hostedzonesbyname}, {@code GET
 * /2013-04-01/hostedzone/{Id}/rrset} (listing in Route 53 order from name/type) and {@code POST
 * /2013-04-01/hostedzone/{Id}/rrset/} (ChangeResourceRecordSets, applied atomically: CREATE fails
 * on an existing set, DELETE needs the exact current set, UPSERT replaces), the {@code
 * ErrorResponse} error document (also for {@code InvalidChangeBatch}, as Route 53 sends it today),
 * {@code NoSuchHostedZone}, and throttling ({@code Throttling}, {@code PriorRequestNotComplete}
 * with HTTP 400). Strict on requests: every request must carry a valid AWS Signature Version 4 for
 * the expected key pair and the {@code route53} service ({@link SigV4}), TXT values quoted with
 * each string at most 255 characters ({@code CharacterStringTooLong}), a change batch within the
 * documented request quotas (1,000 ResourceRecord elements, 32,000 characters of values, UPSERT
 * counting twice).
 */
final class Route53Stub implements AutoCloseable {
  static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

  record Rrset(String name, String type, long ttl, List<String> values) {}

  record Canned(int status, String body) {}

  private final HttpServer server;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final Map<String, String[]> zones = new LinkedHashMap<>(); // id -> {name, private}
  private final Map<String, TreeMap<String, Rrset>> rrsets =
      new LinkedHashMap<>(); // zone id -> sort key -> set
  private final Deque<Canned> canned = new ArrayDeque<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  /** ChangeResourceRecordSets requests within the quotas (applied or refused for their changes). */
  final java.util.concurrent.atomic.AtomicInteger changeRequests =
      new java.util.concurrent.atomic.AtomicInteger();

  Route53Stub(String accessKeyId, String secretAccessKey) throws IOException {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/2013-04-01/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized String addZone(String name, boolean privateZone) {
    String id = "Z" + String.format("%020d", zones.size() + 1);
    zones.put(id, new String[] {name + ".", String.valueOf(privateZone)});
    rrsets.put(id, new TreeMap<>());
    return id;
  }

  synchronized List<Rrset> sets(String zoneId) {
    return List.copyOf(rrsets.get(zoneId).values());
  }

  private int limit;
  private long windowStart;
  private int inWindow;

  /** How many requests the documented rate limit turned away. */
  final java.util.concurrent.atomic.AtomicInteger throttled =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Turns on Route 53's documented limit, five requests per second per account (here: more than
   * {@code perSecond} in one second are answered 400 {@code Throttling}, "Rate exceeded").
   */
  synchronized void limit(int perSecond) {
    this.limit = perSecond;
    this.windowStart = System.nanoTime();
    this.inWindow = 0;
  }

  synchronized void failNext(int times, int status, String code, String message) {
    for (int i = 0; i < times; i++) {
      canned.add(new Canned(status, errorResponse(code, message)));
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    byte[] body = ex.getRequestBody().readAllBytes();
    requests.add(method + " " + path);
    if (limit > 0) {
      long now = System.nanoTime();
      if (now - windowStart >= 1_000_000_000L) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > limit) {
        throttled.incrementAndGet();
        send(ex, 400, errorResponse("Throttling", "Rate exceeded"));
        return;
      }
    }
    Canned c = canned.poll();
    if (c != null) {
      send(ex, c.status(), c.body());
      return;
    }
    if (!SigV4.verify(ex, body, accessKeyId, secretAccessKey)) {
      send(
          ex,
          403,
          errorResponse(
              "SignatureDoesNotMatch",
              "The request signature we calculated does not match the "
                  + "signature you provided. Check your AWS Secret Access Key and signing method."));
      return;
    }
    String[] p = path.split("/");
    if (method.equals("GET") && path.equals("/2013-04-01/hostedzonesbyname")) {
      hostedZonesByName(ex, q);
      return;
    }
    if (p.length >= 5 && p[2].equals("hostedzone") && p[4].equals("rrset")) {
      String zoneId = p[3];
      if (!zones.containsKey(zoneId)) {
        send(ex, 404, errorResponse("NoSuchHostedZone", "No hosted zone found with ID: " + zoneId));
      } else if (method.equals("GET")) {
        list(ex, zoneId, q);
      } else if (method.equals("POST")) {
        change(ex, zoneId, body);
      } else {
        send(ex, 405, errorResponse("InvalidInput", "method not allowed"));
      }
      return;
    }
    send(ex, 404, errorResponse("UnknownOperationException", "no such operation " + path));
  }

  private void hostedZonesByName(HttpExchange ex, Map<String, String> q) throws IOException {
    String dnsName = q.getOrDefault("dnsname", "");
    dnsName = dnsName.endsWith(".") ? dnsName : dnsName + ".";
    int max = Integer.parseInt(q.getOrDefault("maxitems", "100"));
    StringBuilder sb =
        new StringBuilder("<ListHostedZonesByNameResponse xmlns=\"" + NS + "\"><HostedZones>");
    String from = sortKey(dnsName);
    List<Map.Entry<String, String[]>> sorted = new ArrayList<>(zones.entrySet());
    sorted.sort(Comparator.comparing(e -> sortKey(e.getValue()[0])));
    int n = 0;
    for (Map.Entry<String, String[]> z : sorted) {
      if (sortKey(z.getValue()[0]).compareTo(from) >= 0 && n++ < max) {
        sb.append("<HostedZone><Id>/hostedzone/")
            .append(z.getKey())
            .append("</Id><Name>")
            .append(z.getValue()[0])
            .append("</Name><CallerReference>ref-")
            .append(z.getKey())
            .append("</CallerReference><Config>")
            .append("<PrivateZone>")
            .append(z.getValue()[1])
            .append("</PrivateZone></Config>")
            .append("<ResourceRecordSetCount>")
            .append(rrsets.get(z.getKey()).size())
            .append("</ResourceRecordSetCount></HostedZone>");
      }
    }
    sb.append("</HostedZones><DNSName>")
        .append(dnsName)
        .append("</DNSName><IsTruncated>false</IsTruncated>")
        .append("<MaxItems>")
        .append(max)
        .append("</MaxItems></ListHostedZonesByNameResponse>");
    send(ex, 200, sb.toString());
  }

  private void list(HttpExchange ex, String zoneId, Map<String, String> q) throws IOException {
    String from = sortKey(q.getOrDefault("name", "")) + " " + q.getOrDefault("type", "");
    int max = Integer.parseInt(q.getOrDefault("maxitems", "300"));
    StringBuilder sb =
        new StringBuilder(
            "<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>");
    List<Rrset> after = new ArrayList<>(rrsets.get(zoneId).tailMap(from, true).values());
    for (Rrset s : after.subList(0, Math.min(max, after.size()))) {
      sb.append("<ResourceRecordSet><Name>")
          .append(s.name())
          .append("</Name><Type>")
          .append(s.type())
          .append("</Type><TTL>")
          .append(s.ttl())
          .append("</TTL><ResourceRecords>");
      s.values()
          .forEach(
              v ->
                  sb.append("<ResourceRecord><Value>")
                      .append(xml(v))
                      .append("</Value></ResourceRecord>"));
      sb.append("</ResourceRecords></ResourceRecordSet>");
    }
    sb.append("</ResourceRecordSets><IsTruncated>")
        .append(after.size() > max)
        .append("</IsTruncated>");
    if (after.size() > max) {
      // Where the next page starts, as the API documents it.
      sb.append("<NextRecordName>")
          .append(after.get(max).name())
          .append("</NextRecordName><NextRecordType>")
          .append(after.get(max).type())
          .append("</NextRecordType>");
    }
    sb.append("<MaxItems>").append(max).append("</MaxItems></ListResourceRecordSetsResponse>");
    send(ex, 200, sb.toString());
  }

  private void change(HttpExchange ex, String zoneId, byte[] body) throws IOException {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    } catch (Exception e) {
      send(ex, 400, errorResponse("InvalidInput", "request body is not XML"));
      return;
    }
    Element root = doc.getDocumentElement();
    if (!root.getLocalName().equals("ChangeResourceRecordSetsRequest")
        || !NS.equals(root.getNamespaceURI())) {
      send(
          ex,
          400,
          errorResponse("InvalidInput", "expected ChangeResourceRecordSetsRequest in " + NS));
      return;
    }
    TreeMap<String, Rrset> next = new TreeMap<>(rrsets.get(zoneId));
    List<String> problems = new ArrayList<>();
    NodeList changes = root.getElementsByTagNameNS(NS, "Change");
    if (changes.getLength() == 0) {
      send(ex, 400, errorResponse("InvalidInput", "ChangeBatch must contain at least one Change"));
      return;
    }
    // The documented request quotas ("Quotas on API requests"): at most 1,000 ResourceRecord
    // elements and 32,000 characters in their Value elements; an UPSERT's count twice.
    int elements = 0;
    long characters = 0;
    for (int i = 0; i < changes.getLength(); i++) {
      Element ch = (Element) changes.item(i);
      int weight = "UPSERT".equals(text(ch, "Action")) ? 2 : 1;
      NodeList vs = ch.getElementsByTagNameNS(NS, "Value");
      for (int j = 0; j < vs.getLength(); j++) {
        elements += weight;
        characters += (long) weight * vs.item(j).getTextContent().length();
      }
    }
    if (elements > 1_000 || characters > 32_000) {
      send(
          ex,
          400,
          errorResponse(
              "InvalidChangeBatch",
              "[Number of records ("
                  + elements
                  + ") or characters in values ("
                  + characters
                  + ") exceeds the limit of 1000 records and 32000 characters per request]"));
      return;
    }
    changeRequests.incrementAndGet();
    String zoneName = zones.get(zoneId)[0];
    for (int i = 0; i < changes.getLength(); i++) {
      Element ch = (Element) changes.item(i);
      String action = text(ch, "Action");
      String name = text(ch, "Name").toLowerCase();
      name = name.endsWith(".") ? name : name + ".";
      String type = text(ch, "Type");
      long ttl = Long.parseLong(text(ch, "TTL"));
      List<String> values = new ArrayList<>();
      NodeList vs = ch.getElementsByTagNameNS(NS, "Value");
      for (int j = 0; j < vs.getLength(); j++) {
        values.add(vs.item(j).getTextContent());
      }
      Rrset set = new Rrset(name, type, ttl, values);
      String id = "[name='" + name + "', type='" + type + "']";
      if (!name.equals(zoneName) && !name.endsWith("." + zoneName)) {
        problems.add("RRSet with DNS name " + name + " is not permitted in zone " + zoneName);
        continue;
      }
      for (String v : values) {
        if (type.equals("TXT")) {
          if (!v.startsWith("\"") || !v.endsWith("\"")) {
            problems.add(
                "Invalid Resource Record: FATAL problem: InvalidCharacterString (Value should be enclosed in "
                    + "quotation marks) encountered with '"
                    + v
                    + "'");
          } else if (TxtCharacterStrings.parse(v).stream().anyMatch(s -> s.length() > 255)) {
            problems.add(
                "Invalid Resource Record: FATAL problem: CharacterStringTooLong (Value is too long) "
                    + "encountered with '"
                    + v.substring(0, 20)
                    + "...'");
          }
        }
      }
      if (type.equals("CNAME") && values.size() != 1) {
        problems.add(
            "RRSet of type CNAME with DNS name " + name + " is not permitted: exactly one value");
      }
      String key = sortKey(name) + " " + type;
      Rrset current = next.get(key);
      switch (action) {
        case "CREATE" -> {
          if (current != null) {
            problems.add("Tried to create resource record set " + id + " but it already exists");
          }
          next.put(key, set);
        }
        case "UPSERT" -> next.put(key, set);
        case "DELETE" -> {
          if (current == null) {
            problems.add("Tried to delete resource record set " + id + " but it was not found");
          } else if (current.ttl() != ttl || !sorted(current.values()).equals(sorted(values))) {
            problems.add(
                "Tried to delete resource record set "
                    + id
                    + " but the values provided do not match the "
                    + "current values");
          }
          next.remove(key);
        }
        default -> problems.add("Invalid action " + action);
      }
      boolean cname =
          next.keySet().stream().anyMatch(k -> k.equals(sortKey(set.name()) + " CNAME"));
      boolean other =
          next.keySet().stream()
              .anyMatch(k -> k.startsWith(sortKey(set.name()) + " ") && !k.endsWith(" CNAME"));
      if (cname && other) {
        problems.add(
            "RRSet of type CNAME with DNS name "
                + name
                + " is not permitted as it conflicts with other "
                + "records with the same DNS name in zone "
                + zoneName);
      }
    }
    if (!problems.isEmpty()) {
      // Route 53 once answered with an <InvalidChangeBatch><Messages> document; today it sends the
      // standard
      // ErrorResponse with code InvalidChangeBatch and the messages as "[m1, m2]" (see
      // aws/aws-sdk-kotlin#1435).
      send(ex, 400, errorResponse("InvalidChangeBatch", "[" + String.join(", ", problems) + "]"));
      return;
    }
    rrsets.put(zoneId, next);
    send(
        ex,
        200,
        "<ChangeResourceRecordSetsResponse xmlns=\""
            + NS
            + "\"><ChangeInfo><Id>/change/C"
            + System.nanoTime()
            + "</Id><Status>PENDING</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt>"
            + "</ChangeInfo></ChangeResourceRecordSetsResponse>");
  }

  /** Route 53 lists names in order of their labels read right to left. */
  static String sortKey(String name) {
    String n = name.toLowerCase();
    n = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    List<String> labels = new ArrayList<>(List.of(n.split("\\.")));
    Collections.reverse(labels);
    return String.join("\u0001", labels);
  }

  private static List<String> sorted(List<String> v) {
    return v.stream().sorted().toList();
  }

  private static String text(Element e, String tag) {
    NodeList l = e.getElementsByTagNameNS(NS, tag);
    return l.getLength() == 0 ? "0" : l.item(0).getTextContent();
  }

  static String errorResponse(String code, String message) {
    return "<ErrorResponse xmlns=\""
        + NS
        + "\"><Error><Type>Sender</Type><Code>"
        + code
        + "</Code><Message>"
        + xml(message)
        + "</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>";
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.getResponseHeaders().set("x-amzn-RequestId", "stub-request");
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
