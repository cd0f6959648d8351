package dev.senderdomain.operator.report.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.senderdomain.operator.http.OperatorHttpServer;
import dev.senderdomain.operator.report.SkippedRecords;
import dev.senderdomain.operator.report.store.ReportStoreException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /reports}: one aggregate report per request (XML, gzip or zip; the body's magic bytes
 * decide), for pipelines that already collect reports elsewhere. {@code Authorization: Bearer
 * <token>} with the token from a Secret, compared in constant time. Answers: 201 stored, 200
 * duplicate (already stored: re-sending is safe), 400 with the parser's reason, 401 bad or missing
 * token, 405 not POST, 413 body over the limit (refused from Content-Length before reading, and
 * again while streaming for chunked bodies), 422 report about a domain no SenderDomain manages or
 * older than the retention, 503 store unavailable (retry later) or no token configured. A stored
 * report says how many records were skipped for a bad field, and why (the first ten).
 */
public final class ReportUploadHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReportUploadHandler.class);
  public static final long DEFAULT_MAX_BYTES = 16L << 20;

  private final ReportIngestor ingestor;
  private final Supplier<String> token;
  private final long maxBytes;

  /**
   * @param token the current bearer token (read on every request, so a rotated Secret takes
   *     effect); null or empty disables the endpoint
   * @param maxBytes largest request body accepted, as sent (compressed)
   */
  public ReportUploadHandler(ReportIngestor ingestor, Supplier<String> token, long maxBytes) {
    this.ingestor = ingestor;
    this.token = token;
    this.maxBytes = maxBytes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        reply(exchange, 405, "error", "use POST with the report as the body");
        return;
      }
      String expected = token.get();
      if (expected == null || expected.isEmpty()) {
        reply(exchange, 503, "error", "report upload is disabled: no token configured");
        return;
      }
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"), expected)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"dmarc-reports\"");
        reply(exchange, 401, "error", "missing or wrong bearer token");
        return;
      }
      String length = exchange.getRequestHeaders().getFirst("Content-Length");
      if (length != null && tooLong(length)) {
        reply(
            exchange,
            413,
            "error",
            "body is " + length.strip() + " bytes, over the limit of " + maxBytes);
        return;
      }
      Capped body = new Capped(exchange.getRequestBody(), maxBytes);
      ReportIngestor.Outcome outcome;
      try {
        outcome =
            ingestor.ingest(
                body, "upload:" + exchange.getRemoteAddress().getAddress().getHostAddress());
      } catch (ReportStoreException e) {
        LOG.warn("report upload not stored, the client should retry: {}", e.getMessage());
        reply(exchange, 503, "error", "report store unavailable, retry later");
        return;
      }
      if (body.exceeded) {
        reply(exchange, 413, "error", "body is over the limit of " + maxBytes + " bytes");
        return;
      }
      switch (outcome.status()) {
        case NEW -> reply(exchange, 201, "stored", outcome);
        case DUPLICATE -> reply(exchange, 200, "duplicate", outcome);
        default -> {
          LOG.info("report upload refused: {}", outcome.reason());
          reply(
              exchange,
              outcome.status() == ReportIngestor.Outcome.Status.REJECTED ? 400 : 422,
              "error",
              outcome.reason());
        }
      }
    }
  }

  private boolean tooLong(String length) {
    try {
      return Long.parseLong(length.strip()) > maxBytes;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /**
   * Constant time: both sides are hashed first, so neither content nor length leaks through timing.
   */
  static boolean authorized(String header, String expected) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(sha256(header.substring(7).strip()), sha256(expected));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String result, String error)
      throws IOException {
    OperatorHttpServer.respond(
        exchange,
        status,
        "application/json",
        "{\"result\":\"" + result + "\",\"error\":" + json(error) + "}\n");
  }

  private static void reply(
      HttpExchange exchange, int status, String result, ReportIngestor.Outcome o)
      throws IOException {
    OperatorHttpServer.respond(
        exchange,
        status,
        "application/json",
        "{\"result\":\""
            + result
            + "\",\"domain\":"
            + json(o.domain())
            + ",\"org\":"
            + json(o.orgName())
            + ",\"reportId\":"
            + json(o.reportId())
            + ",\"messages\":"
            + o.messages()
            + ",\"skippedRecords\":"
            + o.skipped().count()
            + skippedReasons(o.skipped())
            + "}\n");
  }

  /** The first few reasons records were skipped, so the sender can fix their export. */
  private static String skippedReasons(SkippedRecords skipped) {
    if (skipped.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(",\"skipped\":[");
    List<String> reasons = skipped.reasons();
    for (int i = 0; i < Math.min(10, reasons.size()); i++) {
      out.append(i == 0 ? "" : ",").append(json(reasons.get(i)));
    }
    return out.append(']').toString();
  }

  static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    String v = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || (c >= 0x7f && c < 0xa0)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * Counts bytes as they are read and fails the read past the limit (chunked bodies have no
   * Content-Length).
   */
  private static final class Capped extends FilterInputStream {
    private final long max;
    private long read;
    boolean exceeded;

    Capped(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(long n) throws IOException {
      read += n;
      if (read > max) {
        exceeded = true;
        throw new IOException("request body over " + max + " bytes");
      }
    }
  }
}
