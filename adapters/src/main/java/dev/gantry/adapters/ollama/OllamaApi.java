package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.stream.UpstreamErrors;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Ollama's routes and the JSON plumbing the translators share. */
final class OllamaApi {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String CHAT = "/api/chat";
  static final String EMBED = "/api/embed";
  static final String TAGS = "/api/tags";

  private static final Pattern WHOLE_SECONDS = Pattern.compile("-?\\d{1,15}");

  private OllamaApi() {}

  /** A JSON POST to one of Ollama's routes. */
  static ProviderHttpRequest post(ProviderSettings.Ollama settings, String path, ObjectNode body) {
    try {
      return ProviderHttpRequest.postJson(url(settings, path), Map.of(),
          Buffer.buffer(JSON.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** {@code GET /api/tags}: the models pulled on the server. */
  static ProviderHttpRequest tags(ProviderSettings.Ollama settings) {
    return new ProviderHttpRequest(HttpMethod.GET, url(settings, TAGS), Map.of(), null);
  }

  /** The {@code name}s of a {@code /api/tags} answer, in the server's order. */
  static List<String> modelNames(JsonNode body) {
    JsonNode models = body.path("models");
    if (!models.isArray()) {
      throw UpstreamErrors.malformed(new IllegalStateException("no models array"));
    }
    List<String> names = new ArrayList<>(models.size());
    for (JsonNode model : models) {
      if (!model.path("name").isTextual()) {
        throw UpstreamErrors.malformed(new IllegalStateException("a model without a name"));
      }
      names.add(model.path("name").asText());
    }
    return names;
  }

  /** Parses a response body; unreadable bytes are the upstream's fault. */
  static JsonNode read(Buffer body) {
    try {
      JsonNode node = JSON.readTree(body.getBytes());
      if (node == null || !node.isObject()) {
        throw UpstreamErrors.malformed(new IllegalStateException("not a JSON object"));
      }
      return node;
    } catch (IOException e) {
      throw UpstreamErrors.malformed(e);
    }
  }

  /**
   * Sets {@code keep_alive} when configured. Ollama reads a number as seconds and a string as a Go
   * duration ({@code "5m"}); a bare integer such as {@code "-1"} (keep loaded) is not a valid Go
   * duration, so whole seconds are sent as a number.
   */
  static void keepAlive(ObjectNode body, ProviderSettings.Ollama settings) {
    String value = settings.keepAlive();
    if (value == null || value.isBlank()) {
      return;
    }
    String trimmed = value.trim();
    if (WHOLE_SECONDS.matcher(trimmed).matches()) {
      body.put("keep_alive", Long.parseLong(trimmed));
    } else {
      body.put("keep_alive", trimmed);
    }
  }

  private static String url(ProviderSettings.Ollama settings, String path) {
    String base = settings.baseUrl();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + path;
  }
}
