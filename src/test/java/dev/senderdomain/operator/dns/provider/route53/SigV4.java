package dev.senderdomain.operator.dns.provider.route53;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-side check of an AWS Signature Version 4 request signature, as the AWS General Reference
 * documents it (canonical request, string to sign, HMAC-SHA256 key derivation from the secret,
 * date, region and service), so the Route 53 stub refuses a request signed with the wrong secret
 * exactly as AWS would.
 */
final class SigV4 {
  private static final Pattern AUTH =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/"
              + "([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

  private SigV4() {}

  static boolean verify(HttpExchange ex, byte[] body, String accessKeyId, String secret) {
    try {
      Matcher m = AUTH.matcher(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      String amzDate = ex.getRequestHeaders().getFirst("X-Amz-Date");
      if (!m.matches()
          || amzDate == null
          || !m.group(1).equals(accessKeyId)
          || !m.group(4).equals("route53")
          || !amzDate.startsWith(m.group(2))) {
        return false;
      }
      String signedHeaders = m.group(5);
      StringBuilder canonicalHeaders = new StringBuilder();
      for (String h : signedHeaders.split(";")) {
        List<String> values = ex.getRequestHeaders().get(h);
        if (values == null) {
          return false;
        }
        canonicalHeaders
            .append(h)
            .append(':')
            .append(String.join(",", values).trim().replaceAll("\\s+", " "))
            .append('\n');
      }
      String payloadHash = ex.getRequestHeaders().getFirst("X-Amz-Content-Sha256");
      if (payloadHash == null || payloadHash.startsWith("UNSIGNED")) {
        payloadHash = hex(sha256(body));
      }
      String canonicalRequest =
          String.join(
              "\n",
              ex.getRequestMethod(),
              ex.getRequestURI().getRawPath(),
              canonicalQuery(ex.getRequestURI().getRawQuery()),
              canonicalHeaders.toString(),
              signedHeaders,
              payloadHash);
      String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
      String stringToSign =
          "AWS4-HMAC-SHA256\n"
              + amzDate
              + "\n"
              + scope
              + "\n"
              + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
      byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), m.group(2));
      key = hmac(key, m.group(3));
      key = hmac(key, m.group(4));
      key = hmac(key, "aws4_request");
      return MessageDigest.isEqual(
          hex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII),
          m.group(6).getBytes(StandardCharsets.US_ASCII));
    } catch (Exception e) {
      return false;
    }
  }

  private static String canonicalQuery(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
      String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
      pairs.add(encode(k) + "=" + encode(v));
    }
    pairs.sort(null);
    return String.join("&", pairs);
  }

  /** RFC 3986 unreserved characters stay, everything else is %XX (upper case). */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
  }
}
