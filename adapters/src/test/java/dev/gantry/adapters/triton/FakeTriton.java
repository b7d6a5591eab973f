package dev.gantry.adapters.triton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.openai.Json;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Triton Inference Server on 127.0.0.1 serving three models, which checks each request as the
 * server and the model would before answering with the recorded and spec answers of
 * {@code golden/triton/} (read from the classpath, so other modules' tests can use it too):
 * <ul>
 *   <li>{@value #TRTLLM}, a TensorRT-LLM ensemble of the tensorrtllm_backend README's era, without
 *       the token count outputs (so it answers none): {@code text_input} a string,
 *       {@code max_tokens} an integer, {@code stream} matching the route, {@code stop_words} a list
 *       of strings, a guided decoding guide type {@code json} or {@code json_schema} with a schema;
 *   <li>{@value #VLLM}, the vLLM backend: {@code sampling_parameters} a JSON object in a string
 *       with {@code max_tokens} (and {@code guided_decoding}, a JSON string, for JSON answers),
 *       {@code exclude_input_in_output} true; the finish reason and token counts are answered only
 *       when asked for ({@code return_*});
 *   <li>{@value #EMBED}, an embedding model: one BYTES input {@code text} of shape {@code [n, 1]},
 *       the output {@code embedding} asked for; it answers FP32 vectors of {@value #DIMENSIONS}.
 *       The other two answer {@code /infer} the same way, because the provider contract calls one
 *       model for every operation.
 * </ul>
 * Every call must carry {@code Authorization: Bearer} {@value #KEY} (a proxy in front of Triton)
 * and JSON; streams are written in small pieces. Unknown models get Triton's 400. What it found
 * wrong is kept in {@link #problems()}; tests can replace the answer of one path.
 */
public final class FakeTriton {

  public static final String TRTLLM = "ensemble";
  public static final String VLLM = "vllm_model";
  public static final String EMBED = "bge-small-en";
  public static final String KEY = "triton-proxy-token-3c9e";
  public static final int DIMENSIONS = 4;

  /** Small enough that every event is cut across several writes. */
  private static final int PIECE = 17;
  private static final Pattern PATH =
      Pattern.compile("/v2/models/([^/]+)(?:/versions/[^/]+)?/(generate|generate_stream|infer)");

  /** One request that reached a model. */
  public record Received(String path, String model, String route, Map<String, String> headers,
      JsonNode body) {}

  private final Vertx vertx;
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Handler<HttpServerRequest>> overrides = new ConcurrentHashMap<>();
  private HttpServer server;

  public FakeTriton(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<FakeTriton> start() {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .map(s -> {
          server = s;
          return this;
        });
  }

  /** The base URL to configure, e.g. {@code http://127.0.0.1:40123}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** What the requests got wrong; empty when every request was well-formed. */
  public List<String> problems() {
    return problems;
  }

  public List<Received> received() {
    return received;
  }

  /** Answers requests to {@code path} with {@code handler} instead (null restores). */
  public void override(String path, Handler<HttpServerRequest> handler) {
    if (handler == null) {
      overrides.remove(path);
    } else {
      overrides.put(path, handler);
    }
  }

  public Future<Void> close() {
    return server.close();
  }

  /** A golden file of {@code golden/triton/}, from the classpath. */
  public static String golden(String path) {
    try (InputStream in = FakeTriton.class.getResourceAsStream("/golden/triton/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String auth = request.getHeader("authorization");
      if (!("Bearer " + KEY).equals(auth)) {
        problems.add(request.path() + ": authorization " + (auth == null ? "missing" : "wrong"));
        json(request, 401, "{\"error\":\"unauthorized\"}");
        return;
      }
      Handler<HttpServerRequest> override = overrides.get(request.path());
      if (override != null) {
        received.add(new Received(request.path(), null, null, headers(request), parse(body)));
        override.handle(request);
        return;
      }
      if (request.method() == HttpMethod.GET && request.path().equals("/v2/health/ready")) {
        request.response().setStatusCode(200).end();
        return;
      }
      Matcher m = PATH.matcher(request.path());
      if (request.method() != HttpMethod.POST || !m.matches()) {
        problems.add(request.method() + " " + request.path() + ": no such route");
        json(request, 404, "{\"error\":\"Not Found\"}");
        return;
      }
      String contentType = request.getHeader("content-type");
      if (contentType == null || !contentType.startsWith("application/json")) {
        problems.add(request.path() + ": content-type " + contentType);
      }
      JsonNode json = parse(body);
      received.add(new Received(request.path(), m.group(1), m.group(2), headers(request), json));
      answer(request, m.group(1), m.group(2), json);
    });
  }

  private void answer(HttpServerRequest request, String model, String route, JsonNode body) {
    boolean infer = route.equals("infer");
    if (!List.of(TRTLLM, VLLM, EMBED).contains(model) || (!infer && model.equals(EMBED))) {
      json(request, 400, "{\"error\":\"Request for unknown model: '" + model + "' is not found\"}");
      return;
    }
    if (infer) {
      embed(request, body);
      return;
    }
    boolean stream = route.equals("generate_stream");
    if (stream && !"text/event-stream".equals(request.getHeader("accept"))) {
      problems.add(request.path() + ": accept " + request.getHeader("accept"));
    }
    if (!body.path("text_input").isTextual()) {
      json(request, 400, "{\"error\":\"attempt to access JSON non-string as string\"}");
      problems.add(request.path() + ": text_input is not a string");
      return;
    }
    if (body.path("stream").asBoolean(!stream) != stream) {
      problems.add(request.path() + ": stream is not " + stream);
    }
    if (model.equals(VLLM)) {
      vllm(request, body, stream);
    } else {
      trtllm(request, body, stream);
    }
  }

  private void trtllm(HttpServerRequest request, JsonNode body, boolean stream) {
    if (!body.path("max_tokens").isIntegralNumber() || body.has("sampling_parameters")) {
      problems.add(request.path() + ": not an ensemble request: " + body);
    }
    JsonNode stop = body.path("stop_words");
    if (!stop.isMissingNode() && (!stop.isArray() || !allText(stop))) {
      problems.add(request.path() + ": stop_words is not a list of strings");
    }
    JsonNode guideType = body.path("guided_decoding_guide_type");
    if (!guideType.isMissingNode() && !(guideType.asText().equals("json")
        || guideType.asText().equals("json_schema")
        && parse(Buffer.buffer(body.path("guided_decoding_guide").asText(""))).isObject())) {
      problems.add(request.path() + ": guided decoding without a JSON guide: " + body);
    }
    if (stream) {
      sse(request, golden("generate/chat-streaming-trtllm/provider-response.sse"));
    } else if (guideType.isMissingNode()) {
      json(request, 200, golden("generate/chat-trtllm-stop-word/provider-response.json"));
    } else {
      json(request, 200, golden("generate/chat-trtllm-json-schema/provider-response.json"));
    }
  }

  private void vllm(HttpServerRequest request, JsonNode body, boolean stream) {
    JsonNode sampling = body.path("sampling_parameters");
    JsonNode parameters = sampling.isTextual() ? parse(Buffer.buffer(sampling.asText())) : null;
    if (parameters == null || !parameters.isObject()
        || !parameters.path("max_tokens").isIntegralNumber()) {
      problems.add(request.path() + ": sampling_parameters is not a JSON object string");
    }
    if (!body.path("exclude_input_in_output").asBoolean(false)) {
      problems.add(request.path() + ": the prompt would be echoed");
    }
    JsonNode guided = parameters == null ? Json.MAPPER.missingNode()
        : parameters.path("guided_decoding");
    boolean json = !guided.isMissingNode();
    if (json && !(guided.isTextual() && (parse(Buffer.buffer(guided.asText())).path("json").isObject()
        || parse(Buffer.buffer(guided.asText())).path("json_object").asBoolean(false)))) {
      problems.add(request.path() + ": guided_decoding is not a JSON string with json: " + guided);
    }
    if (stream) {
      StringBuilder events = new StringBuilder();
      for (String line : golden("generate/chat-streaming-vllm/provider-response.sse").split("\n")) {
        events.append(line.startsWith("data: ")
            ? "data: " + requested(body, parse(Buffer.buffer(line.substring(6)))) : line).append('\n');
      }
      sse(request, events.toString());
    } else {
      json(request, 200, requested(body, parse(Buffer.buffer(golden(json
          ? "generate/chat-vllm-json-schema/provider-response.json"
          : "generate/chat-vllm-length/provider-response.json")))).toString());
    }
  }

  /** The vLLM backend sends each additional output only when its {@code return_*} input is true. */
  private static JsonNode requested(JsonNode body, JsonNode answer) {
    ObjectNode out = (ObjectNode) answer;
    for (String output : List.of("finish_reason", "num_input_tokens", "num_output_tokens")) {
      if (!body.path("return_" + output).asBoolean(false)) {
        out.remove(output);
      }
    }
    return out;
  }

  private void embed(HttpServerRequest request, JsonNode body) {
    JsonNode input = body.path("inputs").path(0);
    int n = input.path("data").size();
    boolean ok = body.path("inputs").size() == 1 && "text".equals(input.path("name").asText())
        && "BYTES".equals(input.path("datatype").asText()) && allText(input.path("data"))
        && input.path("shape").equals(Json.MAPPER.createArrayNode().add(n).add(1))
        && "embedding".equals(body.path("outputs").path(0).path("name").asText());
    if (!ok) {
      problems.add(request.path() + ": not an embedding request: " + body);
      json(request, 400, "{\"error\":\"unexpected shape for input 'text' for model '" + EMBED
          + "'\"}");
      return;
    }
    ObjectNode answer = Json.MAPPER.createObjectNode().put("model_name", EMBED)
        .put("model_version", "1");
    ObjectNode output = answer.putArray("outputs").addObject().put("name", "embedding");
    output.putArray("shape").add(n).add(DIMENSIONS);
    output.put("datatype", "FP32");
    ArrayNode data = output.putArray("data");
    for (int i = 0; i < n * DIMENSIONS; i++) {
      data.add((i % DIMENSIONS + 1) / 10.0 + i / DIMENSIONS);
    }
    json(request, 200, answer.toString());
  }

  private static Map<String, String> headers(HttpServerRequest request) {
    Map<String, String> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.headers().forEach(h -> out.put(h.getKey(), h.getValue()));
    return out;
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode value : array) {
      if (!value.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static void json(HttpServerRequest request, int status, String body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body);
  }

  private void sse(HttpServerRequest request, String text) {
    HttpServerResponse response = request.response().setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8");
    writeFrom(response, Buffer.buffer(text), 0);
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

  private static JsonNode parse(Buffer body) {
    try {
      JsonNode node = body.length() == 0 ? null : Json.MAPPER.readTree(body.getBytes());
      return node == null ? Json.MAPPER.missingNode() : node;
    } catch (IOException e) {
      return Json.MAPPER.missingNode();
    }
  }
}
