package dev.gantry.adapters.openaicompat;

import static dev.gantry.adapters.openaicompat.FakeOpenAiServer.events;
import static dev.gantry.adapters.openaicompat.FakeOpenAiServer.json;
import static dev.gantry.adapters.openaicompat.FakeOpenAiServer.sse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.contract.ProviderContractTest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The provider contract for the {@code openai} provider type, against a {@link FakeOpenAiServer}
 * that answers each route with recorded bodies: the {@code provider-response} of the matching
 * {@code golden/openai} case, or a {@code contract/openai} payload (see its {@code SOURCE.md}).
 */
class OpenAiCompatContractTest extends ProviderContractTest {

  private static final Path CONTRACT = Path.of("src", "test", "resources", "contract", "openai");

  private FakeOpenAiServer fake;

  @Override
  protected Future<ProviderAdapter> start(Vertx vertx) {
    return FakeOpenAiServer.start(vertx, OpenAiCompatContractTest::answer).map(started -> {
      fake = started;
      return new OpenAiCompatAdapter(vertx, new ProviderSettings.OpenAi("contract",
          started.baseUrl(), null, null, null, null, null, 4), Map.of());
    });
  }

  @Override
  protected Future<Void> stop() {
    return fake.close();
  }

  @Override
  protected String upstreamModel() {
    return "gpt-4o-mini";
  }

  @Override
  protected Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS,
        Capability.VISION, Capability.JSON_SCHEMA, Capability.LOGPROBS, Capability.COMPLETIONS,
        Capability.EMBEDDINGS, Capability.IMAGES);
  }

  /** Answers as an OpenAI-compatible server would, by route and by what the body asks for. */
  private static void answer(HttpServerRequest req, FakeOpenAiServer.Received received) {
    JsonNode body = received.body();
    switch (received.uri()) {
      case "/v1/chat/completions":
        chat(req, body);
        break;
      case "/v1/completions":
        json(req, CONTRACT.resolve("completion-tgi.json"));
        break;
      case "/v1/embeddings":
        json(req, GoldenFiles.dir("openai", "embeddings", body.path("input").size() == 1
            ? "embeddings-query" : "embeddings-base64").resolve("provider-response.json"));
        break;
      case "/v1/images/generations":
        json(req, CONTRACT.resolve("images-generate.json"));
        break;
      default:
        json(req, 404, "{\"error\":{\"message\":\"Unknown route\",\"type\":"
            + "\"invalid_request_error\",\"param\":null,\"code\":null}}");
    }
  }

  private static void chat(HttpServerRequest req, JsonNode body) {
    boolean tools = body.has("tools");
    if (body.path("stream").asBoolean(false)) {
      sse(req, events(chatCase(tools ? "chat-streaming-tools" : "chat-streaming")
          .resolve("provider-response.sse")), true);
    } else if (tools) {
      json(req, chatCase("chat-tools").resolve("provider-response.json"));
    } else if ("json_schema".equals(body.path("response_format").path("type").asText())) {
      json(req, chatCase("chat-json-schema").resolve("provider-response.json"));
    } else if (body.path("logprobs").asBoolean(false)) {
      json(req, chatCase("chat-logprobs").resolve("provider-response.json"));
    } else if (hasImage(body)) {
      json(req, chatCase("chat-image-input").resolve("provider-response.json"));
    } else {
      json(req, chatCase("chat-basic").resolve("provider-response.json"));
    }
  }

  private static boolean hasImage(JsonNode body) {
    for (JsonNode message : body.path("messages")) {
      for (JsonNode part : message.path("content")) {
        if ("image_url".equals(part.path("type").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private static Path chatCase(String name) {
    return GoldenFiles.dir("openai", "chat", name);
  }
}
