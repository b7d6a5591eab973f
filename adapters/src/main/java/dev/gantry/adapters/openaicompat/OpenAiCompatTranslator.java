package dev.gantry.adapters.openaicompat;

import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.CompletionRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.ImageRequest;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiCompletions;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openai.OpenAiImages;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.buffer.Buffer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the HTTP requests for an OpenAI-compatible server (pure): the URL is the base URL (a
 * trailing slash tolerated) plus the API path plus the configured query parameters (sorted, e.g.
 * Azure's {@code api-version}); the headers are the configured ones, then the key
 * ({@code Authorization: Bearer <key>}, or the key bare in another configured header such as
 * Azure's {@code api-key}), then {@code accept}. The request id is added by the adapter.
 */
public final class OpenAiCompatTranslator {

  private final String base;
  private final String query;
  private final Map<String, String> headers;

  /**
   * @param apiKey the resolved key, or null for a server without auth
   */
  public OpenAiCompatTranslator(ProviderSettings.OpenAi settings, String apiKey) {
    String url = settings.baseUrl();
    int q = url.indexOf('?');
    String configuredQuery = q < 0 ? "" : url.substring(q + 1);
    url = q < 0 ? url : url.substring(0, q);
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    this.base = url;
    this.query = query(configuredQuery, settings.queryParams());
    Map<String, String> h = new LinkedHashMap<>(new TreeMap<>(settings.headers()));
    if (apiKey != null && !apiKey.isEmpty()) {
      boolean bearer = settings.authHeader().equalsIgnoreCase("authorization");
      h.put(settings.authHeader(), bearer ? "Bearer " + apiKey : apiKey);
    }
    this.headers = h;
  }

  /** {@code POST /chat/completions}; {@code stream} selects SSE and the usage chunk. */
  public ProviderHttpRequest chat(ChatRequest r, String upstreamModel, boolean stream) {
    return post("/chat/completions", OpenAiChat.writeRequest(r, upstreamModel, stream), stream);
  }

  /** {@code POST /completions}. */
  public ProviderHttpRequest completion(CompletionRequest r, String upstreamModel, boolean stream) {
    return post("/completions", OpenAiCompletions.writeRequest(r, upstreamModel, stream), stream);
  }

  /** {@code POST /embeddings}, always asking for float vectors. */
  public ProviderHttpRequest embeddings(EmbeddingRequest r, String upstreamModel) {
    return post("/embeddings", OpenAiEmbeddings.writeRequest(r, upstreamModel), false);
  }

  /** {@code POST /images/generations}. */
  public ProviderHttpRequest images(ImageRequest r, String upstreamModel) {
    return post("/images/generations", OpenAiImages.writeRequest(r, upstreamModel), false);
  }

  /** {@code GET /models}: the cheapest authenticated call, for health probes. */
  public ProviderHttpRequest models() {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("accept", "application/json");
    return new ProviderHttpRequest(io.vertx.core.http.HttpMethod.GET, base + "/models" + query, h,
        null);
  }

  private ProviderHttpRequest post(String path, Buffer body, boolean stream) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("accept", stream ? "text/event-stream" : "application/json");
    return ProviderHttpRequest.postJson(base + path + query, h, body);
  }

  private static String query(String configured, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(configured);
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return sb.length() == 0 ? "" : "?" + sb;
  }
}
