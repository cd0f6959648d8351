package dev.senderdomain.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's one HTTP port: health probes that reflect JOSDK's real state, Prometheus metrics,
 * and any further handlers (report upload, dashboard) added with {@link #handle}.
 */
public final class OperatorHttpServer implements AutoCloseable {
  private final HttpServer server;

  public OperatorHttpServer(
      int port,
      PrometheusMeterRegistry registry,
      BooleanSupplier live,
      BooleanSupplier ready,
      BooleanSupplier started)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 64);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/healthz/live", probe(live));
    server.createContext("/healthz/ready", probe(ready));
    server.createContext("/healthz/started", probe(started));
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
  }

  public OperatorHttpServer handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  public OperatorHttpServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static HttpHandler probe(BooleanSupplier check) {
    return exchange -> {
      boolean ok = check.getAsBoolean();
      respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
    };
  }

  public static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
