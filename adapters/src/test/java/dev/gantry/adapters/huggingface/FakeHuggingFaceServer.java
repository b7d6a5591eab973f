package dev.gantry.adapters.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An in-test TGI/TEI server (or Inference Endpoint in front of one). Each route answers with the
 * test's {@link Responder}; a route may first play a script of one-shot answers (the 503s of a
 * cold start). Every request is recorded after its body was read. SSE bodies are written in
 * {@value #PIECE}-byte pieces, so events and even UTF-8 characters are cut across writes.
 */
final class FakeHuggingFaceServer {

  /** Small and odd, so that no event boundary falls on a write boundary by design. */
  static final int PIECE = 7;

  /** One request as the server saw it. */
  record Received(String method, String path, MultiMap headers, JsonNode body) {}

  /** Answers a request. */
  @FunctionalInterface
  interface Responder {
    void respond(HttpServerRequest request, Received received);
  }

  private final Vertx vertx;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Responder> routes = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentLinkedQueue<Responder>> scripts = new ConcurrentHashMap<>();
  private HttpServer server;

  private FakeHuggingFaceServer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on a free loopback port; routes not set answer 404 as TGI's router does. */
  static Future<FakeHuggingFaceServer> start(Vertx vertx) {
    FakeHuggingFaceServer fake = new FakeHuggingFaceServer(vertx);
    return vertx.createHttpServer().requestHandler(fake::serve).listen(0, "127.0.0.1")
        .map(s -> {
          fake.server = s;
          return fake;
        });
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Sets how a path is answered from now on. */
  FakeHuggingFaceServer route(String path, Responder responder) {
    routes.put(path, responder);
    return this;
  }

  /** Answers the next requests to a path with these, in order, before its route. */
  FakeHuggingFaceServer script(String path, Responder... once) {
    scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(once));
    return this;
  }

  List<Received> received() {
    return received;
  }

  List<Received> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).collect(Collectors.toList());
  }

  Future<Void> close() {
    return server.close();
  }

  /** One JSON body with a status and headers (name, value, name, value...). */
  static Responder json(int status, String body, String... headers) {
    return (request, r) -> {
      HttpServerResponse response = request.response().setStatusCode(status)
          .putHeader("content-type", "application/json");
      for (int i = 0; i < headers.length; i += 2) {
        response.putHeader(headers[i], headers[i + 1]);
      }
      response.end(body);
    };
  }

  /** A recorded JSON body, byte for byte, with status 200. */
  static Responder json(Path recorded) {
    return (request, r) -> request.response().putHeader("content-type", "application/json")
        .end(Buffer.buffer(GoldenFiles.bytes(recorded)));
  }

  /** A recorded SSE body with status 200, written in small pieces. */
  Responder sse(Path recorded) {
    return sse(Buffer.buffer(GoldenFiles.bytes(recorded)));
  }

  /** An SSE body with status 200, written in small pieces, each after the last was written. */
  Responder sse(Buffer bytes) {
    return (request, r) -> writeFrom(request.response().setChunked(true)
        .putHeader("content-type", "text/event-stream"), bytes, 0);
  }

  private void serve(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Received r = new Received(request.method().name(), request.path(),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          body.length() == 0 ? null : Json.parse(body));
      received.add(r);
      ConcurrentLinkedQueue<Responder> script = scripts.get(r.path());
      Responder once = script == null ? null : script.poll();
      Responder responder = once != null ? once : routes.getOrDefault(r.path(),
          json(404, "{\"error\":\"Not Found\"}"));
      responder.respond(request, r);
    });
  }

  private void writeFrom(HttpServerResponse response, Buffer bytes, int at) {
    if (at >= bytes.length()) {
      response.end();
      return;
    }
    int to = Math.min(bytes.length(), at + PIECE);
    response.write(bytes.slice(at, to))
        .onSuccess(v -> vertx.runOnContext(next -> writeFrom(response, bytes, to)));
  }
}
