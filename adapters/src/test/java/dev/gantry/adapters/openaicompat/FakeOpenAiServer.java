package dev.gantry.adapters.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.openai.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
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
}
