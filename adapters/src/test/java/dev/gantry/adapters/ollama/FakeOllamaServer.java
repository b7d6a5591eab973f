package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-test Ollama server that answers as the docs show: JSON for {@code stream:false} and for
 * errors, NDJSON written piece by piece otherwise. It records each request (after reading its
 * body); the test sets how it answers.
 */
final class FakeOllamaServer {

  /** Small enough that every NDJSON line is cut across several writes. */
  private static final int PIECE = 17;

  /** One request the fake received. */
  record Received(String method, String path, String contentType, JsonNode body) {}

  /** Answers a request. */
  @FunctionalInterface
  interface Responder {
    void respond(HttpServerRequest request, Received received);
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Responder responder;
  private HttpServer server;

  private FakeOllamaServer() {}

  /** Listens on a free local port; set {@link #answer} before the first request. */
  static Future<FakeOllamaServer> start(Vertx vertx) {
    FakeOllamaServer fake = new FakeOllamaServer();
    return vertx.createHttpServer().requestHandler(fake::serve).listen(0, "127.0.0.1")
        .map(s -> {
          fake.server = s;
          return fake;
        });
  }

  void answer(Responder value) {
    this.responder = value;
  }

  int port() {
    return server.actualPort();
  }

  List<Received> received() {
    return received;
  }

  Future<Void> close() {
    return server.close();
  }

  /** Answers with one JSON body, as Ollama does for {@code stream:false} and for errors. */
  static Responder json(int status, String body) {
    return (request, received) -> request.response().setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8").end(body);
  }

  /** Answers 200 NDJSON, written in small pieces, each after the previous one was written. */
  static Responder ndjson(Vertx vertx, String text) {
    return (request, received) -> {
      HttpServerResponse response = request.response().setChunked(true)
          .putHeader("content-type", "application/x-ndjson");
      writeFrom(vertx, response, Buffer.buffer(text), 0);
    };
  }

  private void serve(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Received r = new Received(request.method().name(), request.path(),
          request.getHeader("content-type"), body.length() == 0 ? null : parse(body));
      received.add(r);
      responder.respond(request, r);
    });
  }

  private static void writeFrom(Vertx vertx, HttpServerResponse response, Buffer bytes, int at) {
    if (at >= bytes.length()) {
      response.end();
      return;
    }
    int to = Math.min(bytes.length(), at + PIECE);
    response.write(bytes.slice(at, to))
        .onSuccess(v -> vertx.runOnContext(next -> writeFrom(vertx, response, bytes, to)));
  }

  private static JsonNode parse(Buffer body) {
    try {
      return Goldens.JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
