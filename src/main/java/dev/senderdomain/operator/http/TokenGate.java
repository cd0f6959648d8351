package dev.senderdomain.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * A door in front of read endpoints that show report data (source IPs, reporters, volumes): a
 * request passes with the token as {@code Authorization: Bearer <token>} (scripts) or as the
 * password of HTTP Basic authentication, any user name (a browser asks for it, RFC 7617). Compared
 * in constant time. Without a configured token the endpoint is closed (503), so report data is
 * never served to whoever reaches the port; {@code /metrics} and the probes are not behind it.
 */
public final class TokenGate implements HttpHandler {
  private final Supplier<String> token;
  private final String realm;
  private final String setting;
  private final HttpHandler inner;

  /**
   * @param token read on every request (a rotated Secret takes effect at once); null or empty
   *     closes the endpoint
   * @param setting how the token is configured, for the 503 message
   */
  public TokenGate(Supplier<String> token, String realm, String setting, HttpHandler inner) {
    this.token = token;
    this.realm = realm;
    this.setting = setting;
    this.inner = inner;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String expected = token.get();
    if (expected == null || expected.isEmpty()) {
      try (exchange) {
        OperatorHttpServer.respond(
            exchange,
            503,
            "text/plain; charset=utf-8",
            realm + " is disabled: no read token configured (" + setting + ")\n");
      }
      return;
    }
    if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"), expected)) {
      try (exchange) {
        exchange
            .getResponseHeaders()
            .add("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
        OperatorHttpServer.respond(
            exchange, 401, "text/plain; charset=utf-8", "missing or wrong token\n");
      }
      return;
    }
    inner.handle(exchange);
  }

  static boolean authorized(String header, String expected) {
    if (header == null) {
      return false;
    }
    String given;
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = header.substring(7).strip();
    } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return false;
      }
      given = decoded.substring(colon + 1);
    } else {
      return false;
    }
    return MessageDigest.isEqual(sha256(given), sha256(expected));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
