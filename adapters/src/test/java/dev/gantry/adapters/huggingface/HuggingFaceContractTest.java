package dev.gantry.adapters.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.contract.ProviderContractTest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The provider contract for the {@code huggingface} provider type, against a
 * {@link FakeHuggingFaceServer} playing a TGI server (Messages API, {@code /v1/completions}) and
 * a TEI server ({@code /embed}) on one port. It answers with the recorded bodies of the
 * {@code golden/huggingface} cases (and, for JSON output and logprobs, which no TGI recording
 * holds, of {@code golden/openai}; a tool stream with the usage chunk TGI adds on request from
 * {@code contract/huggingface}), and checks what TGI checks: a bearer token, and a
 * {@code response_format} in TGI's grammar shape (TGI answers 422 to OpenAI's).
 */
class HuggingFaceContractTest extends ProviderContractTest {

  static final String TOKEN = "hf_contractToken";
  static final Path CONTRACT = Path.of("src", "test", "resources", "contract");

  private FakeHuggingFaceServer fake;

  @Override
  protected Future<ProviderAdapter> start(Vertx vertx) {
    return FakeHuggingFaceServer.start(vertx).map(started -> {
      fake = started;
      started.route("/v1/chat/completions", this::chat)
          .route("/v1/completions", FakeHuggingFaceServer.json(
              CONTRACT.resolve("openai").resolve("completion-tgi.json")))
          .route("/embed", HuggingFaceContractTest::embed)
          .route("/info", FakeHuggingFaceServer.json(
              CONTRACT.resolve("huggingface").resolve("info-tei.json")));
      return new HuggingFaceAdapter(vertx, new ProviderSettings.HuggingFace("contract",
          started.baseUrl(), SecretRef.literal(TOKEN), Map.of(), Duration.ofSeconds(5), 4,
          null, null), Map.of());
    });
  }

  @Override
  protected Future<Void> stop() {
    return fake.close();
  }

  @Override
  protected String upstreamModel() {
    return "meta-llama/Llama-3.1-8B-Instruct";
  }

  @Override
  protected Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS,
        Capability.VISION, Capability.JSON_SCHEMA, Capability.LOGPROBS, Capability.COMPLETIONS,
        Capability.EMBEDDINGS);
  }

  /** Answers as TGI's Messages API would, by what the body asks for. */
  private void chat(HttpServerRequest request, FakeHuggingFaceServer.Received received) {
    if (!("Bearer " + TOKEN).equals(received.headers().get("authorization"))) {
      FakeHuggingFaceServer.json(401, "{\"error\":\"Invalid username or password.\"}")
          .respond(request, received);
      return;
    }
    JsonNode body = received.body();
    JsonNode format = body.path("response_format");
    boolean tools = body.has("tools");
    FakeHuggingFaceServer.Responder responder;
    if (!format.isMissingNode() && !("json".equals(format.path("type").asText())
        && format.has("value"))) {
      responder = FakeHuggingFaceServer.json(422, "{\"error\":\"Failed to deserialize the JSON"
          + " body into the target type: response_format: missing field `value`\","
          + "\"error_type\":\"validation\"}");
    } else if (body.path("stream").asBoolean(false)) {
      responder = fake.sse(tools
          ? CONTRACT.resolve("huggingface").resolve("chat-streaming-tools-usage.sse")
          : golden("huggingface", "chat-streaming-usage").resolve("provider-response.sse"));
    } else if (tools) {
      responder = FakeHuggingFaceServer.json(golden("huggingface", "chat-tools")
          .resolve("provider-response.json"));
    } else if (!format.isMissingNode()) {
      responder = FakeHuggingFaceServer.json(golden("openai", "chat-json-schema")
          .resolve("provider-response.json"));
    } else if (body.path("logprobs").asBoolean(false)) {
      responder = FakeHuggingFaceServer.json(golden("openai", "chat-logprobs")
          .resolve("provider-response.json"));
    } else {
      responder = FakeHuggingFaceServer.json(golden("huggingface", "chat-basic")
          .resolve("provider-response.json"));
    }
    responder.respond(request, received);
  }

  /** TEI: one vector per input, the input tokens in {@code x-compute-tokens}. */
  static void embed(HttpServerRequest request, FakeHuggingFaceServer.Received received) {
    int inputs = received.body().path("inputs").size();
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < inputs; i++) {
      body.append(i == 0 ? "" : ",").append("[0.0,1.0,2.0]");
    }
    FakeHuggingFaceServer.json(200, body.append(']').toString(), "x-compute-tokens",
        String.valueOf(7 * inputs), "x-compute-type", "gpu+optimized").respond(request, received);
  }

  private static Path golden(String provider, String name) {
    return GoldenFiles.dir(provider, "huggingface".equals(provider) ? "messages" : "chat", name);
  }
}
