package dev.gantry.adapters.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test image host on 127.0.0.1. Paths choose the answer; it records each request's
 * {@code Host} header and path, and counts connections. {@code /held/*} requests are answered
 * by {@link #holdOpen} rules (for the parallelism test).
 */
final class FakeImageServer {

  /** One request the fake received. */
  record Hit(String host, String path) {}

  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Deque<HttpServerRequest> held = new ArrayDeque<>();
  private int heldArrivals;
  private int heldTotal;
  private int maxHeld;
  private HttpServer server;

  static Future<FakeImageServer> start(Vertx vertx) {
    FakeImageServer fake = new FakeImageServer();
    return vertx.createHttpServer()
        .connectionHandler(c -> fake.connections.incrementAndGet())
        .requestHandler(fake::serve)
        .listen(0, "127.0.0.1")
        .map(s -> {
          fake.server = s;
          return fake;
        });
  }

  int port() {
    return server.actualPort();
  }

  List<Hit> hits() {
    return hits;
  }

  int connections() {
    return connections.get();
  }

  /** Expects {@code total} {@code /held/*} requests; see {@link #heldRequest}. */
  void holdOpen(int total) {
    heldTotal = total;
  }

  int maxHeld() {
    return maxHeld;
  }

  Future<Void> close() {
    return server.close();
  }

  private void serve(HttpServerRequest request) {
    hits.add(new Hit(request.getHeader("host"), request.path()));
    HttpServerResponse response = request.response();
    String path = request.path();
    if (path.startsWith("/held/")) {
      heldRequest(request);
      return;
    }
    switch (path) {
      case "/ok.png":
        image(response, "image/png", ImageTypesTest.PNG);
        break;
      case "/mislabeled.jpg":
        image(response, "image/jpeg", ImageTypesTest.PNG);
        break;
      case "/page":
        image(response, "text/html; charset=utf-8", "<!doctype html>".getBytes());
        break;
      case "/untyped":
        response.end(Buffer.buffer(ImageTypesTest.PNG));
        break;
      case "/fake.png":
        image(response, "image/png", "<html>not a png</html>".getBytes());
        break;
      case "/big-declared.png":
        response.putHeader("content-type", "image/png").putHeader("content-length", "5000")
            .write(Buffer.buffer(ImageTypesTest.PNG));
        break;
      case "/big-streamed.png":
        response.setChunked(true).putHeader("content-type", "image/png");
        response.write(Buffer.buffer(ImageTypesTest.PNG));
        for (int i = 0; i < 3; i++) {
          response.write(Buffer.buffer(new byte[600]));
        }
        response.end();
        break;
      case "/slow.png":
        break;
      case "/missing.png":
        response.setStatusCode(404).end("no");
        break;
      case "/loop":
        redirect(response, 302, "/loop");
        break;
      case "/no-location":
        response.setStatusCode(302).end();
        break;
      case "/to-file":
        redirect(response, 302, "file:///etc/passwd");
        break;
      default:
        redirects(request, response);
        break;
    }
  }

  /** {@code /hop1} → b.test {@code /hop2} → relative {@code /hop3} → {@code /ok.png}. */
  private void redirects(HttpServerRequest request, HttpServerResponse response) {
    switch (request.path()) {
      case "/hop1":
        redirect(response, 301, "http://b.test:" + port() + "/hop2");
        break;
      case "/hop2":
        redirect(response, 307, "hop3");
        break;
      case "/hop3":
        redirect(response, 308, "http://c.test:" + port() + "/ok.png");
        break;
      default:
        response.setStatusCode(500).end();
        break;
    }
  }

  /**
   * Keeps {@code /held/*} requests open: when four are waiting it answers the oldest, and once
   * all expected requests arrived it answers the rest. A fetcher running more than four at a time
   * would push {@link #maxHeld} past four.
   */
  private void heldRequest(HttpServerRequest request) {
    held.add(request);
    heldArrivals++;
    maxHeld = Math.max(maxHeld, held.size());
    if (heldArrivals == heldTotal) {
      while (!held.isEmpty()) {
        image(held.poll().response(), "image/png", ImageTypesTest.PNG);
      }
    } else if (held.size() == ImageFetcher.PARALLELISM) {
      image(held.poll().response(), "image/png", ImageTypesTest.PNG);
    }
  }

  private static void image(HttpServerResponse response, String type, byte[] bytes) {
    response.putHeader("content-type", type).end(Buffer.buffer(bytes));
  }

  private static void redirect(HttpServerResponse response, int status, String location) {
    response.setStatusCode(status).putHeader("location", location).end();
  }
}
