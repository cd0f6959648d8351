package dev.senderdomain.operator.dns.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One JSON request to a provider's HTTP API, with transport failures classified the one way ({@link
 * HttpErrors}). What the answer means is the adapter's business: each API reports errors its own
 * way.
 */
public final class JsonHttp {
  private JsonHttp() {}

  /**
   * @param headers request headers, credentials among them (never logged or put into an exception)
   * @param provider how the provider is named in messages, e.g. {@code powerdns at http://...}
   */
  public static HttpResponse<String> exchange(
      HttpClient http,
      URI uri,
      Duration timeout,
      String method,
      JsonNode body,
      Map<String, String> headers,
      String provider)
      throws DnsProviderException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    headers.forEach(req::header);
    if (body == null) {
      req.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      req.header("Content-Type", "application/json")
          .method(
              method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    }
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw HttpErrors.forIo(provider, e);
    } catch (InterruptedException e) {
      throw HttpErrors.interrupted(provider, e);
    }
  }
}
