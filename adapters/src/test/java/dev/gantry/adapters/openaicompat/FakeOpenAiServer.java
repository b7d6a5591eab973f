package dev.gantry.adapters.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-test OpenAI-compatible server: records each request (after reading its body) and lets
 * the test answer it, so the fake follows the protocol exactly as the recorded bodies show.
 */
final class FakeOpenAiServer {

  /** One request as the server saw it. */
  record Received(String method, String uri, MultiMap headers, JsonNode body) {}

  /** Answers a request; may answer late, partially, or never. */
  @FunctionalInterface
  interface Responder {
    void respond(HttpServerRequest request, Received received);
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  private FakeOpenAiServer() {}

  static Future<FakeOpenAiServer> start(Vertx vertx, Responder responder) {
    FakeOpenAiServer fake = new FakeOpenAiServer();
    return vertx.createHttpServer()
        .requestHandler(req -> req.body().onSuccess(body -> {
          Received r = new Received(req.method().name(), req.uri(),
              MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
              body.length() == 0 ? null : Json.parse(body));
          fake.received.add(r);
          responder.respond(req, r);
        }))
        .listen(0)
        .map(s -> {
          fake.server = s;
          return fake;
        });
  }

  String baseUrl() {
    return "http://localhost:" + server.actualPort() + "/v1";
  }

  List<Received> received() {
    return received;
  }

  Future<Void> close() {
    return server.close();
  }

  /** Answers with one JSON body. */
  static void json(HttpServerRequest req, int status, String body) {
    req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
  }

  /** Answers 200 with a recorded JSON body, byte for byte. */
  static void json(HttpServerRequest req, Path recorded) {
    json(req, 200, new String(GoldenFiles.bytes(recorded), StandardCharsets.UTF_8));
  }

  /** Starts a chunked {@code text/event-stream} answer. */
  static HttpServerResponse sseHead(HttpServerRequest req) {
    return req.response().setChunked(true).putHeader("content-type", "text/event-stream");
  }

  /** Writes each event as its own chunk, then ends (or leaves the stream open). */
  static void sse(HttpServerRequest req, List<String> events, boolean end) {
    HttpServerResponse resp = sseHead(req);
    Future<Void> written = Future.succeededFuture();
    for (String event : events) {
      written = written.compose(v -> resp.write(event));
    }
    if (end) {
      written.compose(v -> resp.end());
    }
  }

  /** The events of a recorded SSE body, each with its blank-line terminator. */
  static List<String> events(Path sse) {
    List<String> out = new ArrayList<>();
    for (String event : new String(GoldenFiles.bytes(sse), StandardCharsets.UTF_8).split("\n\n")) {
      if (!event.isBlank()) {
        out.add(event + "\n\n");
      }
    }
    return out;
  }
}
