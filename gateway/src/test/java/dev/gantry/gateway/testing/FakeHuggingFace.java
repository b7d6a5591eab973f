package dev.gantry.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Hugging Face Inference Endpoint on 127.0.0.1 running TGI or TEI, answering with recordings
 * ({@code upstream/huggingface/}, see SOURCE.md there). It checks every request as the endpoint
 * and TGI would, and records what it found wrong in {@link #problems()}:
 * <ul>
 *   <li>{@code authorization: Bearer }{@value #TOKEN}, else the Hub's 401
 *       {@code {"error":"Invalid username or password."}};</li>
 *   <li>{@code GET /info}, {@code GET /health}, {@code POST /v1/chat/completions},
 *       {@code POST /embed}, else 404;</li>
 *   <li>a chat stream asks for {@code stream_options.include_usage}; a {@code response_format}
 *       is TGI's grammar ({@code {"type":"json","value":...}}), else TGI's 422.</li>
 * </ul>
 * Chat answers by what the body holds: a tool result → the recorded reply; tools → the recorded
 * tool call (streamed or not); else the recorded text (streamed with usage, or not). {@code /embed}
 * answers one {@code [0.0, 1.0, 2.0]} per input with {@code x-compute-tokens: 5} each. Streams are
 * replayed in awkward pieces. {@link #sleep} makes the next chat calls answer 503 as a
 * scaled-to-zero endpoint does.
 */
public final class FakeHuggingFace {

  public static final String TOKEN = "hf_e2eToken";

  /** One request that passed the checks. */
  public record Received(String method, String path, JsonObject body) {}

  private final Vertx vertx;
  private final String info;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Handler<HttpServerRequest>> coldStart =
      new ConcurrentLinkedQueue<>();
  private volatile Handler<HttpServerRequest> asleep;
  private HttpServer server;

  /** @param info the {@code /info} recording to serve: {@code info-tgi.json} or {@code info-tei.json} */
  public FakeHuggingFace(Vertx vertx, String info) {
    this.vertx = vertx;
    this.info = info;
  }

  public Future<FakeHuggingFace> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .map(s -> {
          server = s;
          return this;
        });
  }

  /** The endpoint's root, e.g. {@code http://127.0.0.1:40123}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<String> problems() {
    return problems;
  }

  public List<Received> received() {
    return received;
  }

  /**
   * The next {@code times} chat calls answer 503 with {@code body} (then the recordings again);
   * a negative count answers 503 for good.
   */
  public void sleep(int times, String body) {
    Handler<HttpServerRequest> unavailable = req -> req.response().setStatusCode(503)
        .putHeader("content-type", "application/json").end(body);
    if (times < 0) {
      asleep = unavailable;
      return;
    }
    for (int i = 0; i < times; i++) {
      coldStart.add(unavailable);
    }
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      String where = req.method() + " " + req.path();
      if (!("Bearer " + TOKEN).equals(req.getHeader("authorization"))) {
        problems.add(where + ": authorization is not the expected bearer token");
        json(req, 401, Buffer.buffer("{\"error\":\"Invalid username or password.\"}"));
        return;
      }
      JsonObject json = body.length() == 0 ? null : body.toJsonObject();
      received.add(new Received(req.method().name(), req.path(), json));
      switch (where) {
        case "GET /info":
          json(req, 200, resource(info));
          break;
        case "GET /health":
          req.response().end();
          break;
        case "POST /v1/chat/completions":
          chat(req, json);
          break;
        case "POST /embed":
          embed(req, json);
          break;
        default:
          problems.add(where + ": no such route");
          json(req, 404, Buffer.buffer("{\"error\":\"Not Found\"}"));
      }
    });
  }

  private void chat(HttpServerRequest req, JsonObject body) {
    Handler<HttpServerRequest> unavailable = asleep != null ? asleep : coldStart.poll();
    if (unavailable != null) {
      unavailable.handle(req);
      return;
    }
    JsonObject format = body.getJsonObject("response_format");
    if (format != null && !("json".equals(format.getString("type")) && format.containsKey("value"))) {
      problems.add("POST /v1/chat/completions: response_format is not TGI's grammar: " + format);
      json(req, 422, Buffer.buffer("{\"error\":\"Failed to deserialize the JSON body into the"
          + " target type: response_format: missing field `value`\",\"error_type\":\"validation\"}"));
      return;
    }
    boolean stream = body.getBoolean("stream", false);
    boolean tools = body.containsKey("tools");
    if (stream && !body.getJsonObject("stream_options", new JsonObject())
        .getBoolean("include_usage", false)) {
      problems.add("POST /v1/chat/completions: a stream without stream_options.include_usage");
    }
    if (answersToolResult(body.getJsonArray("messages"))) {
      json(req, 200, resource("chat-tool-reply.json"));
    } else if (stream) {
      writeAwkwardly(req, resource(tools ? "chat-tools-stream.sse" : "chat-stream-usage.sse"));
    } else {
      json(req, 200, resource(tools ? "chat-tools.json" : "chat-basic.json"));
    }
  }

  private static boolean answersToolResult(JsonArray messages) {
    for (int i = 0; i < messages.size(); i++) {
      if ("tool".equals(messages.getJsonObject(i).getString("role"))) {
        return true;
      }
    }
    return false;
  }

  private static void embed(HttpServerRequest req, JsonObject body) {
    int inputs = body.getJsonArray("inputs").size();
    JsonArray vectors = new JsonArray();
    for (int i = 0; i < inputs; i++) {
      vectors.add(new JsonArray().add(0.0).add(1.0).add(2.0));
    }
    req.response().putHeader("content-type", "application/json")
        .putHeader("x-compute-tokens", String.valueOf(5 * inputs)).end(vectors.encode());
  }

  /** Writes an SSE body in pieces of 1, 2, 3... 11 bytes, each after the last went out. */
  private void writeAwkwardly(HttpServerRequest req, Buffer body) {
    req.response().setChunked(true).putHeader("content-type", "text/event-stream");
    writeFrom(req, body, 0, 1);
  }

  private void writeFrom(HttpServerRequest req, Buffer body, int offset, int size) {
    if (offset >= body.length()) {
      req.response().end();
      return;
    }
    int end = Math.min(body.length(), offset + size);
    req.response().write(body.getBuffer(offset, end)).onSuccess(v ->
        vertx.runOnContext(next -> writeFrom(req, body, end, size % 11 + 1)));
  }

  private static void json(HttpServerRequest req, int status, Buffer body) {
    req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
  }

  private static Buffer resource(String name) {
    try (InputStream in = FakeHuggingFace.class.getResourceAsStream("/upstream/huggingface/"
        + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
