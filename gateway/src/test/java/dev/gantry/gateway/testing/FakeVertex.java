package dev.gantry.gateway.testing;

import dev.gantry.adapters.testing.LoopbackFake;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vertex AI endpoint on 127.0.0.1 that checks every request as Google would before answering
 * with recordings ({@code upstream/vertex/}, see SOURCE.md there):
 * <ul>
 *   <li>the header {@code authorization: Bearer }{@value #ACCESS_TOKEN}: anything else gets
 *       Google's 401 google.rpc {@code UNAUTHENTICATED} error;</li>
 *   <li>the path {@code /v1/projects/}{@value #PROJECT}{@code /locations/}{@value #LOCATION}
 *       then either {@code /publishers/<google|anthropic>/models/<model>:<method>} with the
 *       method matching the publisher ({@code generateContent},
 *       {@code streamGenerateContent?alt=sse}, {@code predict}; {@code rawPredict},
 *       {@code streamRawPredict}), or {@code /endpoints/openapi/chat/completions} (MaaS open
 *       models, whose body must name a {@code publisher/model}), or
 *       {@code /endpoints/<numeric id>} with {@code /chat/completions}, {@code :predict},
 *       {@code :generateContent} or {@code :streamGenerateContent?alt=sse};</li>
 * </ul>
 * Token counts: Gemini {@code :countTokens} (only {@code CountTokensRequest} fields) answers the
 * recording; Claude's {@code publishers/anthropic/models/count-tokens:rawPredict} (the model in the
 * body, with {@code anthropic_version}) answers {@code {"input_tokens": N}}, N set by
 * {@link #claudeCountTokens(int)}. Overrides of these are keyed {@code countTokens} and
 * {@code count-tokens}. Records what it found wrong in {@link #problems()}. Streams are replayed in awkward pieces
 * ({@link #writeAwkwardly}). Tests can replace the answer of one method.
 */
public final class FakeVertex extends LoopbackFake<FakeVertex, FakeVertex.Received> {

  public static final String ACCESS_TOKEN = "ya29.test";
  public static final String PROJECT = "gantry-e2e";
  public static final String LOCATION = "us-east5";

  /** Piece sizes after the first three (1, 7, 13): they cut events (and CRLFs) in the middle. */
  private static final Pattern PATH = Pattern.compile("/v1/projects/" + PROJECT + "/locations/" + LOCATION
      + "/(?:publishers/(google|anthropic)/models/([^/:]+)|endpoints/(openapi|[0-9]+))"
      + "(?::([A-Za-z]+)|/(chat/completions))");
  private static final List<String> GOOGLE = List.of("generateContent", "streamGenerateContent", "predict",
      "countTokens");
  /** The fields of {@code CountTokensRequest} a Gemini count may carry. */
  private static final java.util.Set<String> COUNT_FIELDS =
      java.util.Set.of("contents", "systemInstruction", "tools", "generationConfig");
  /** Anthropic's count-tokens body: no max_tokens, sampling or stream fields. */
  private static final java.util.Set<String> CLAUDE_COUNT_FIELDS = java.util.Set.of("model",
      "anthropic_version", "system", "messages", "tools", "tool_choice", "thinking");
  private static final List<String> ANTHROPIC = List.of("rawPredict", "streamRawPredict");
  private static final List<String> ENDPOINT = List.of("chat/completions", "predict", "generateContent",
      "streamGenerateContent");

  /**
   * One request that passed the checks.
   *
   * @param publisher {@code google} or {@code anthropic}, or {@code endpoint} for an endpoint call
   * @param model the publisher's model, or the endpoint id
   * @param method the verb ({@code generateContent}...) or {@code chat/completions}
   */
  public record Received(String uri, String publisher, String model, String method, JsonObject body) {}


  private final java.util.concurrent.atomic.AtomicInteger claudeInputTokens =
      new java.util.concurrent.atomic.AtomicInteger(17);

  public FakeVertex(Vertx vertx) {
    super(vertx);
  }

  /** What Claude's count-tokens answers from now on. */
  public FakeVertex claudeCountTokens(int tokens) {
    claudeInputTokens.set(tokens);
    return this;
  }

  public static Buffer resource(String name) {
    return upstream("vertex/" + name);
  }

  /** A recording under {@code upstream/}, e.g. {@code openai/chat-basic.json}. */
  private static Buffer upstream(String path) {
    try (InputStream in = FakeVertex.class.getResourceAsStream("/upstream/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      String uri = req.uri();
      String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
      String query = uri.indexOf('?') < 0 ? "" : uri.substring(uri.indexOf('?') + 1);
      String auth = req.getHeader("authorization");
      if (!("Bearer " + ACCESS_TOKEN).equals(auth)) {
        problem(req.method() + " " + path + ": " + (auth == null ? "no authorization header"
            : "authorization is not the expected bearer token"));
        rpcError(req, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 "
            + "access token, login cookie or other valid authentication credential.");
        return;
      }
      Matcher m = PATH.matcher(path);
      if (!"POST".equals(req.method().name()) || !m.matches()) {
        problem(req.method() + " " + uri + ": not POST to a publisher model or an endpoint");
        rpcError(req, 404, "NOT_FOUND", "The requested URL was not found on this server.");
        return;
      }
      boolean endpoint = m.group(3) != null;
      String publisher = endpoint ? "endpoint" : m.group(1);
      String model = endpoint ? m.group(3) : m.group(2);
      String method = m.group(4) != null ? m.group(4) : m.group(5);
      List<String> methods = endpoint ? ENDPOINT : "google".equals(publisher) ? GOOGLE : ANTHROPIC;
      if (!methods.contains(method) || ("openapi".equals(model) && !"chat/completions".equals(method))) {
        problem(req.method() + " " + uri + ": no method " + method + " for " + publisher + " " + model);
        rpcError(req, 404, "NOT_FOUND", "The requested URL was not found on this server.");
        return;
      }
      if ("streamGenerateContent".equals(method) && !"alt=sse".equals(query)) {
        problem(req.method() + " " + uri + ": streamGenerateContent without alt=sse answers a JSON array");
      }
      JsonObject json = body.toJsonObject();
      if ("openapi".equals(model) && !json.getString("model", "").contains("/")) {
        problem(req.method() + " " + uri + ": a MaaS model is named publisher/model, not "
            + json.getString("model"));
        rpcError(req, 400, "INVALID_ARGUMENT", "Invalid model name.");
        return;
      }
      record(new Received(uri, publisher, model, method, json));
      boolean claudeCount = "anthropic".equals(publisher) && "count-tokens".equals(model);
      Handler<HttpServerRequest> override = overrideOf(claudeCount ? "count-tokens" : method);
      if (claudeCount && !"rawPredict".equals(method)) {
        problem(req.method() + " " + uri + ": Claude counts through count-tokens:rawPredict");
        rpcError(req, 404, "NOT_FOUND", "The requested URL was not found on this server.");
      } else if (claudeCount && (!json.getString("model", "").startsWith("claude")
          || !"vertex-2023-10-16".equals(json.getString("anthropic_version"))
          || !CLAUDE_COUNT_FIELDS.containsAll(json.fieldNames()))) {
        problem(req.method() + " " + uri + ": a Claude count needs model and anthropic_version and"
            + " only count-tokens fields: " + json.fieldNames());
        rpcError(req, 400, "INVALID_ARGUMENT", "Invalid request.");
      } else if ("countTokens".equals(method) && !COUNT_FIELDS.containsAll(json.fieldNames())) {
        problem(req.method() + " " + uri + ": countTokens takes no " + json.fieldNames());
        rpcError(req, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name.");
      } else if (override != null) {
        override.handle(req);
      } else if ("generateContent".equals(method)) {
        json(req, resource("gemini-generate.json"));
      } else if (claudeCount) {
        json(req, new JsonObject().put("input_tokens", claudeInputTokens.get()).toBuffer());
      } else if ("countTokens".equals(method)) {
        json(req, resource("gemini-count-tokens.json"));
      } else if ("streamGenerateContent".equals(method)) {
        writeAwkwardly(req.response(), "text/event-stream", resource("gemini-stream.sse"));
      } else if ("chat/completions".equals(method)) {
        if (json.getBoolean("stream", false)) {
          writeAwkwardly(req.response(), "text/event-stream", upstream("openai/chat-text-stream.sse"));
        } else {
          json(req, upstream("openai/chat-basic.json"));
        }
      } else if ("predict".equals(method)) {
        if (endpoint && !"chatCompletions".equals(json.getJsonArray("instances").getJsonObject(0)
            .getString("@requestFormat"))) {
          problem(req.method() + " " + uri + ": a chat instance needs \"@requestFormat\": \"chatCompletions\"");
        }
        json(req, resource(endpoint ? "endpoint-chat-predict.json"
            : model.startsWith("imagen") ? "imagen-predict.json" : "embeddings-predict.json"));
      } else if ("streamRawPredict".equals(method)) {
        writeAwkwardly(req.response(), "text/event-stream", resource("claude-stream.sse"));
      } else {
        json(req, resource("claude-tools.json"));
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
