package dev.gantry.adapters.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.contract.ProviderContractTest;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The provider contract for the {@code ollama} provider type, against a {@link FakeOllamaServer}
 * that answers with the {@code provider-response} of the matching {@code golden/ollama} case
 * (api.md's examples).
 */
class OllamaContractTest extends ProviderContractTest {

  private FakeOllamaServer fake;

  @Override
  protected Future<ProviderAdapter> start(Vertx vertx) {
    return FakeOllamaServer.start(vertx).map(started -> {
      fake = started;
      started.answer((request, received) -> answer(vertx, request, received));
      return new OllamaAdapter(vertx, new ProviderSettings.Ollama("contract",
          "http://127.0.0.1:" + started.port(), null, Duration.ofSeconds(5), 4));
    });
  }

  @Override
  protected Future<Void> stop() {
    return fake.close();
  }

  @Override
  protected String upstreamModel() {
    return "llama3.2";
  }

  @Override
  protected Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS,
        Capability.VISION, Capability.JSON_SCHEMA, Capability.EMBEDDINGS);
  }

  /** Answers as Ollama would, by route and by what the body asks for. */
  private static void answer(Vertx vertx, HttpServerRequest request,
      FakeOllamaServer.Received received) {
    JsonNode body = received.body();
    FakeOllamaServer.Responder responder;
    if ("/api/chat".equals(received.path())) {
      responder = chat(vertx, body);
    } else if ("/api/embed".equals(received.path())) {
      responder = FakeOllamaServer.json(200, golden("embed",
          body.path("input").size() == 1 ? "embed-basic" : "embed-multiple", "json"));
    } else {
      responder = FakeOllamaServer.json(404, "{\"error\":\"404 page not found\"}");
    }
    responder.respond(request, received);
  }

  /** Ollama streams unless {@code stream} is false. */
  private static FakeOllamaServer.Responder chat(Vertx vertx, JsonNode body) {
    boolean tools = body.has("tools");
    if (body.path("stream").asBoolean(true)) {
      return FakeOllamaServer.ndjson(vertx,
          golden("chat", tools ? "chat-streaming-tools" : "chat-streaming", "ndjson"));
    }
    String name;
    if (tools) {
      name = "chat-tools";
    } else if (body.has("format")) {
      name = "chat-json-schema";
    } else if (hasImage(body)) {
      name = "chat-image-input";
    } else {
      name = "chat-basic";
    }
    return FakeOllamaServer.json(200, golden("chat", name, "json"));
  }

  private static boolean hasImage(JsonNode body) {
    for (JsonNode message : body.path("messages")) {
      if (!message.path("images").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static String golden(String api, String name, String extension) {
    return Goldens.text(Goldens.file(api, name, "provider-response." + extension));
  }
}
