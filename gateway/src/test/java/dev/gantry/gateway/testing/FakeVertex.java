package dev.gantry.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vertex AI endpoint on 127.0.0.1 that checks every request as Google would before answering
 * with recordings ({@code upstream/vertex/}, see SOURCE.md there):
 * <ul>
 *   <li>the header {@code authorization: Bearer }{@value #ACCESS_TOKEN}: anything else gets
 *       Google's 401 google.rpc {@code UNAUTHENTICATED} error;</li>
 *   <li>the path {@code /v1/projects/}{@value #PROJECT}{@code /locations/}{@value #LOCATION}
 *       {@code /publishers/<google|anthropic>/models/<model>:<method>} with the method matching
 *       the publisher ({@code generateContent}, {@code streamGenerateContent?alt=sse},
 *       {@code predict}; {@code rawPredict}, {@code streamRawPredict});</li>
 * </ul>
 * and records what it found wrong in {@link #problems()}. Streams are replayed in awkward pieces
 * ({@link #writeAwkwardly}). Tests can replace the answer of one method.
 */
public final class FakeVertex {

  public static final String ACCESS_TOKEN = "ya29.test";
  public static final String PROJECT = "gantry-e2e";
  public static final String LOCATION = "us-east5";

  /** Piece sizes after the first three (1, 7, 13): they cut events (and CRLFs) in the middle. */
  private static final int[] PIECES = {2, 150, 31, 400, 5, 97};
  private static final Pattern PATH = Pattern.compile("/v1/projects/" + PROJECT + "/locations/" + LOCATION
      + "/publishers/(google|anthropic)/models/([^/:]+):([A-Za-z]+)");

  /** One request that passed the checks. */
  public record Received(String uri, String publisher, String model, String method, JsonObject body) {}

  private final Vertx vertx;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Handler<HttpServerRequest>> overrides = new ConcurrentHashMap<>();
  private HttpServer server;

  public FakeVertex(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<FakeVertex> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .map(s -> {
          server = s;
          return this;
        });
  }

  /** The endpoint to configure, e.g. {@code http://127.0.0.1:40123}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Authentication and path problems seen so far, one line each, naming the request. */
  public List<String> problems() {
    return problems;
  }

  public List<Received> received() {
    return received;
  }

  /** Replaces the answer for one method, e.g. {@code generateContent}; null restores the recordings. */
  public void override(String method, Handler<HttpServerRequest> handler) {
    if (handler == null) {
      overrides.remove(method);
    } else {
      overrides.put(method, handler);
    }
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public static Buffer resource(String name) {
    try (InputStream in = FakeVertex.class.getResourceAsStream("/upstream/vertex/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes an SSE body in pieces of 1, 7 and 13 bytes, then pieces cut inside events, each
   * written only once the previous one has gone out, then ends the response.
   */
  public void writeAwkwardly(HttpServerResponse response, Buffer body) {
    response.setChunked(true).putHeader("content-type", "text/event-stream");
    writePieces(response, body, 0, 0);
  }

  private void writePieces(HttpServerResponse response, Buffer body, int offset, int piece) {
    if (offset >= body.length()) {
      response.end();
      return;
    }
    int size = piece == 0 ? 1 : piece == 1 ? 7 : piece == 2 ? 13 : PIECES[(piece - 3) % PIECES.length];
    int end = Math.min(body.length(), offset + size);
    response.write(body.getBuffer(offset, end)).onComplete(done -> {
      if (done.succeeded()) {
        vertx.runOnContext(v -> writePieces(response, body, end, piece + 1));
      }
    });
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      String uri = req.uri();
      String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
      String query = uri.indexOf('?') < 0 ? "" : uri.substring(uri.indexOf('?') + 1);
      String auth = req.getHeader("authorization");
      if (!("Bearer " + ACCESS_TOKEN).equals(auth)) {
        problems.add(req.method() + " " + path + ": " + (auth == null ? "no authorization header"
            : "authorization is not the expected bearer token"));
        rpcError(req, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 "
            + "access token, login cookie or other valid authentication credential.");
        return;
      }
      Matcher m = PATH.matcher(path);
      if (!"POST".equals(req.method().name()) || !m.matches()) {
        problems.add(req.method() + " " + uri + ": not POST .../publishers/<publisher>/models/<model>:<method>");
        rpcError(req, 404, "NOT_FOUND", "The requested URL was not found on this server.");
        return;
      }
      String publisher = m.group(1);
      String method = m.group(3);
      boolean known = "google".equals(publisher)
          ? List.of("generateContent", "streamGenerateContent", "predict").contains(method)
          : List.of("rawPredict", "streamRawPredict").contains(method);
      if (!known) {
        problems.add(req.method() + " " + uri + ": no method " + method + " for publisher " + publisher);
        rpcError(req, 404, "NOT_FOUND", "The requested URL was not found on this server.");
        return;
      }
      if ("streamGenerateContent".equals(method) && !"alt=sse".equals(query)) {
        problems.add(req.method() + " " + uri + ": streamGenerateContent without alt=sse answers a JSON array");
      }
      received.add(new Received(uri, publisher, m.group(2), method, body.toJsonObject()));
      Handler<HttpServerRequest> override = overrides.get(method);
      if (override != null) {
        override.handle(req);
      } else if ("generateContent".equals(method)) {
        json(req, resource("gemini-generate.json"));
      } else if ("streamGenerateContent".equals(method)) {
        writeAwkwardly(req.response(), resource("gemini-stream.sse"));
      } else if ("predict".equals(method)) {
        json(req, resource("embeddings-predict.json"));
      } else if ("streamRawPredict".equals(method)) {
        writeAwkwardly(req.response(), resource("claude-stream.sse"));
      } else {
        problems.add(req.method() + " " + uri + ": no recording for rawPredict");
        rpcError(req, 400, "INVALID_ARGUMENT", "No recording.");
      }
    });
  }

  private static void json(HttpServerRequest req, Buffer body) {
    req.response().putHeader("content-type", "application/json; charset=UTF-8").end(body);
  }

  /** A google.rpc error body as Vertex sends it. */
  public static void rpcError(HttpServerRequest req, int code, String status, String message) {
    req.response().setStatusCode(code).putHeader("content-type", "application/json; charset=UTF-8")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)
            .put("status", status)).encodePrettily());
  }
}
