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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible server that answers with bodies recorded from api.openai.com
 * ({@code upstream/openai/}, see SOURCE.md there): chat (a tool call when tools are offered and
 * no tool result is in the messages yet, else text; streamed event by event or whole) and
 * embeddings (the recorded vector, in the encoding asked for). Tests can replace the handler of
 * any path (for good or for the next few requests) and read the requests it received.
 */
public final class FakeOpenAiUpstream {

  /** One received request. */
  public record Received(String method, String path, Map<String, String> headers, JsonObject body) {}

  private final Vertx vertx;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Handler<HttpServerRequest>> overrides = new ConcurrentHashMap<>();
  private final Map<String, Queue<Handler<HttpServerRequest>>> once = new ConcurrentHashMap<>();
  private HttpServer server;

  public FakeOpenAiUpstream(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<FakeOpenAiUpstream> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .map(s -> {
          server = s;
          return this;
        });
  }

  public int port() {
    return server.actualPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public List<Received> received() {
    return received;
  }

  /** Replaces the handler of a path (null restores the recorded behaviour). */
  public void override(String path, Handler<HttpServerRequest> handler) {
    if (handler == null) {
      overrides.remove(path);
    } else {
      overrides.put(path, handler);
    }
  }

  /**
   * The next request at {@code path} goes to {@code handler}, once; handlers queued this way are
   * used in order, ahead of any override or the recorded behaviour.
   */
  public void once(String path, Handler<HttpServerRequest> handler) {
    once.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(handler);
  }

  /** How many requests arrived at {@code path} (whatever answered them). */
  public long calls(String path) {
    return received.stream().filter(r -> r.path().equals(path)).count();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public static String resource(String name) {
    try (InputStream in = FakeOpenAiUpstream.class.getResourceAsStream("/upstream/openai/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(buf -> {
      JsonObject body = buf.length() == 0 ? new JsonObject() : buf.toJsonObject();
      Map<String, String> headers = new java.util.HashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      received.add(new Received(req.method().name(), req.path(), headers, body));
      Queue<Handler<HttpServerRequest>> queued = once.get(req.path());
      Handler<HttpServerRequest> next = queued == null ? null : queued.poll();
      Handler<HttpServerRequest> override = next != null ? next : overrides.get(req.path());
      if (override != null) {
        override.handle(req);
      } else if (req.path().equals("/v1/chat/completions")) {
        chat(req, body);
      } else if (req.path().equals("/v1/embeddings")) {
        embeddings(req, body);
      } else {
        req.response().setStatusCode(404).end("{\"error\":{\"message\":\"no route\",\"type\":\"invalid_request_error\"}}");
      }
    });
  }

  private void chat(HttpServerRequest req, JsonObject body) {
    boolean tools = body.containsKey("tools") && !hasToolResult(body);
    if (body.getBoolean("stream", false)) {
      String sse = resource(tools ? "chat-tools-stream.sse" : "chat-text-stream.sse");
      req.response().setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8");
      writeEvents(req, sse.split("(?<=\n\n)"), 0);
    } else {
      req.response().putHeader("content-type", "application/json")
          .end(resource(tools ? "chat-tools.json" : "chat-basic.json"));
    }
  }

  /** Whether the messages hold a tool's result: a model answers in text once it has one. */
  private static boolean hasToolResult(JsonObject body) {
    JsonArray messages = body.getJsonArray("messages", new JsonArray());
    for (int i = 0; i < messages.size(); i++) {
      if ("tool".equals(messages.getJsonObject(i).getString("role"))) {
        return true;
      }
    }
    return false;
  }

  /** Writes one SSE event per event-loop turn, so the gateway sees them arrive separately. */
  private void writeEvents(HttpServerRequest req, String[] events, int index) {
    if (index == events.length) {
      req.response().end();
      return;
    }
    req.response().write(events[index]).onComplete(v ->
        vertx.runOnContext(x -> writeEvents(req, events, index + 1)));
  }

  private void embeddings(HttpServerRequest req, JsonObject body) {
    JsonObject recorded = new JsonObject(resource("embeddings-base64.json"));
    String vector = recorded.getJsonArray("data").getJsonObject(0).getString("embedding");
    Object input = body.getValue("input");
    int count = input instanceof JsonArray ? ((JsonArray) input).size() : 1;
    boolean base64 = "base64".equals(body.getString("encoding_format"));
    JsonArray data = new JsonArray();
    for (int i = 0; i < count; i++) {
      data.add(new JsonObject().put("object", "embedding").put("index", i)
          .put("embedding", base64 ? vector : floats(vector)));
    }
    req.response().putHeader("content-type", "application/json").end(new JsonObject()
        .put("object", "list").put("data", data).put("model", recorded.getString("model"))
        .put("usage", recorded.getJsonObject("usage")).toBuffer());
  }

  static JsonArray floats(String base64) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    JsonArray out = new JsonArray();
    while (bytes.remaining() >= 4) {
      out.add(bytes.getFloat());
    }
    return out;
  }

  /** The recorded images answer with its one image repeated {@code n} times. */
  public static JsonObject images(int n) {
    JsonObject recorded = new JsonObject(resource("images-b64.json"));
    JsonObject image = recorded.getJsonArray("data").getJsonObject(0);
    JsonArray data = new JsonArray();
    for (int i = 0; i < n; i++) {
      data.add(image.copy());
    }
    return recorded.put("data", data);
  }

  /** An SSE body as a buffer, for overrides. */
  public static Buffer sse(String... dataLines) {
    Buffer b = Buffer.buffer();
    for (String d : dataLines) {
      b.appendString("data: ").appendString(d).appendString("\n\n");
    }
    return b;
  }
}
