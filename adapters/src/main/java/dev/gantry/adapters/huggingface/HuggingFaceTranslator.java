package dev.gantry.adapters.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.huggingface.tgi.TgiCall;
import dev.gantry.adapters.huggingface.tgi.TgiGenerate;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openaicompat.OpenAiCompatTranslator;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the HTTP requests for one Hugging Face server (pure). The OpenAI-compatible routes
 * ({@code <root>/v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings}) are
 * {@link OpenAiCompatTranslator}'s; TEI's {@code /embed} is {@link TeiEmbed}'s; {@code /info} and
 * {@code /health} are plain GETs. Every request carries the configured headers (sorted) and, with
 * a token, {@code Authorization: Bearer <token>}; the request id is added by the adapter.
 *
 * <p>TGI's Messages API takes OpenAI's body except {@code response_format}: TGI reads a grammar,
 * {@code {"type":"json","value":<JSON Schema>}} (its {@code GrammarType}; OpenAI's
 * {@code {"type":"json_schema","json_schema":{...}}} is rejected, TGI issue 3058). So for
 * {@link ChatApi#MESSAGES} a {@code json_schema} format becomes that grammar, {@code json_object}
 * the grammar of any object ({@code {"type":"object"}}), and {@code text} is left out.
 */
public final class HuggingFaceTranslator {

  private final String root;
  private final Map<String, String> headers;
  private final OpenAiCompatTranslator openAi;

  /** @param token the resolved Hugging Face token, or null for a server without auth */
  public HuggingFaceTranslator(ProviderSettings.HuggingFace settings, String token) {
    this.root = settings.rootUrl();
    Map<String, String> h = new LinkedHashMap<>(new TreeMap<>(settings.headers()));
    if (token != null && !token.isEmpty()) {
      h.put("Authorization", "Bearer " + token);
    }
    this.headers = h;
    this.openAi = new OpenAiCompatTranslator(new ProviderSettings.OpenAi(settings.name(),
        settings.openAiUrl(), null, null, settings.headers(), Map.of(), settings.timeout(),
        settings.maxConnections()), token);
  }

  /** {@code POST <root>/v1/chat/completions}; streams always ask for usage. */
  public ProviderHttpRequest chat(ChatRequest r, String upstreamModel, boolean stream,
      ChatApi api) {
    if (api != ChatApi.MESSAGES || r.responseFormat() == null) {
      return openAi.chat(r, upstreamModel, stream);
    }
    ProviderHttpRequest request = openAi.chat(withoutFormat(r), upstreamModel, stream);
    JsonNode grammar = grammar(r.responseFormat());
    if (grammar == null) {
      return request;
    }
    ObjectNode body = (ObjectNode) Json.parseUpstream(request.body());
    body.set("response_format", grammar);
    return new ProviderHttpRequest(request.method(), request.url(), request.headers(),
        Buffer.buffer(body.toString()));
  }

  /** {@code POST <root>/generate} or {@code /generate_stream}, with the provider's headers. */
  public ProviderHttpRequest generate(TgiCall call, boolean stream) {
    ProviderHttpRequest request = TgiGenerate.request(call, root, stream);
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.putAll(request.headers());
    return new ProviderHttpRequest(request.method(), request.url(), h, request.body());
  }

  /** {@code POST <root>/v1/completions}. */
  public ProviderHttpRequest completion(CompletionRequest r, String upstreamModel,
      boolean stream) {
    return openAi.completion(r, upstreamModel, stream);
  }

  /** {@code POST <root>/v1/embeddings}, the OpenAI-shaped route. */
  public ProviderHttpRequest openAiEmbeddings(EmbeddingRequest r, String upstreamModel) {
    return openAi.embeddings(r, upstreamModel);
  }

  /**
   * {@code POST <root>/embed}, one request per batch (see {@link TeiEmbed}).
   *
   * @param batchSize the most inputs per request; 0 for all in one
   */
  public List<ProviderHttpRequest> embed(EmbeddingRequest r, int batchSize) {
    List<ProviderHttpRequest> requests = new ArrayList<>();
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("accept", "application/json");
    for (Buffer body : TeiEmbed.bodies(r, batchSize)) {
      requests.add(ProviderHttpRequest.postJson(root + TeiEmbed.PATH, h, body));
    }
    return requests;
  }

  /** {@code GET <openai base>/models}, the router's cheapest authenticated call. */
  public ProviderHttpRequest models() {
    return openAi.models();
  }

  /** {@code GET <root>/info}. */
  public ProviderHttpRequest info() {
    return get("/info");
  }

  /** {@code GET <root>/health}, the keep-warm ping. */
  public ProviderHttpRequest health() {
    return get("/health");
  }

  private ProviderHttpRequest get(String path) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("accept", "application/json");
    return new ProviderHttpRequest(HttpMethod.GET, root + path, h, null);
  }

  /** TGI's grammar for an OpenAI response format, or null for plain text. */
  private static JsonNode grammar(ResponseFormat format) {
    if (format.type() == ResponseFormat.Type.TEXT) {
      return null;
    }
    ObjectNode grammar = Json.MAPPER.createObjectNode();
    grammar.put("type", "json");
    if (format.type() == ResponseFormat.Type.JSON_SCHEMA) {
      grammar.set("value", format.schema());
    } else {
      grammar.putObject("value").put("type", "object");
    }
    return grammar;
  }

  private static ChatRequest withoutFormat(ChatRequest r) {
    return new ChatRequest(r.model(), r.messages(), r.params(), r.tools(), r.toolChoice(), null,
        r.stream(), r.includeUsage(), r.user(), r.extensions());
  }
}
