package dev.gantry.adapters.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.contract.ProviderContractTest;
import dev.gantry.adapters.media.ImageFetcher;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.adapters.vertex.auth.VertexCredentials;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The provider contract for the {@code vertex} provider type (Gemini chat, {@code :predict}
 * embeddings and Imagen), against a local Vertex that checks the bearer token and answers each
 * call with the recorded {@code provider-response} of the matching {@code golden/vertex} case,
 * streams cut into 11-byte writes.
 */
class VertexContractTest extends ProviderContractTest {

  private static final String TOKEN = "ya29.contract";
  private static final Path GOLDEN = GoldenFiles.ROOT.resolve("vertex");

  private HttpServer server;

  @Override
  protected Future<ProviderAdapter> start(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(req -> req.body()
            .onSuccess(body -> answer(vertx, req, body)))
        .listen(0, "127.0.0.1").map(started -> {
          server = started;
          ProviderSettings.Vertex settings = new ProviderSettings.Vertex("contract",
              "contract-project", "us-east5", "http://127.0.0.1:" + started.actualPort(), null,
              SecretRef.literal(TOKEN), Duration.ofSeconds(5), 4);
          return new VertexAdapter(vertx, settings, VertexCredentials.create(vertx, settings,
              Map.of()), new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS));
        });
  }

  @Override
  protected Future<Void> stop() {
    return server.close();
  }

  /** Gemini chat; the embedding and Imagen calls carry their own model names (below). */
  @Override
  protected String upstreamModel() {
    return "gemini-2.5-flash";
  }

  @Override
  protected Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS,
        Capability.VISION, Capability.JSON_SCHEMA, Capability.EMBEDDINGS, Capability.IMAGES);
  }

  /** Answers as Vertex would, by verb and by what the body asks for. */
  private static void answer(Vertx vertx, HttpServerRequest req, Buffer raw) {
    HttpServerResponse response = req.response();
    if (!("Bearer " + TOKEN).equals(req.getHeader("authorization"))) {
      response.setStatusCode(401).end("{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\","
          + "\"message\":\"Request had invalid authentication credentials.\"}}");
      return;
    }
    JsonNode body = Json.parseUpstream(raw);
    String uri = req.uri();
    if (uri.endsWith(":streamGenerateContent?alt=sse")) {
      String name = body.has("tools") ? "chat-streaming-tool-thought-signature" : "chat-streaming";
      response.setChunked(true).putHeader("content-type", "text/event-stream");
      writePieces(vertx, response, Buffer.buffer(GoldenFiles.bytes(
          GOLDEN.resolve("gemini").resolve(name).resolve("provider-response.sse"))), 0);
    } else if (uri.endsWith(":generateContent")) {
      String name = body.has("tools") ? "chat-tools"
          : body.path("generationConfig").has("responseJsonSchema") ? "chat-json-schema"
          : body.toString().contains("inlineData") ? "chat-image-input" : "chat-basic";
      json(response, GoldenFiles.json(GOLDEN.resolve("gemini").resolve(name)
          .resolve("provider-response.json")));
    } else if (uri.endsWith(":predict") && body.path("instances").path(0).has("prompt")) {
      json(response, GoldenFiles.json(GOLDEN.resolve("imagen/images-base64/provider-response.json"))
          .path(0).path("body"));
    } else if (uri.endsWith(":predict")) {
      // the recorded embedding, once per instance asked for
      ObjectNode recorded = (ObjectNode) GoldenFiles.json(GOLDEN.resolve(
          "embeddings/embeddings-gemini-query/provider-response.json")).path(0).path("body");
      JsonNode prediction = recorded.path("predictions").path(0);
      ArrayNode predictions = recorded.putArray("predictions");
      body.path("instances").forEach(instance -> predictions.add(prediction));
      json(response, recorded);
    } else {
      response.setStatusCode(404).end("{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\","
          + "\"message\":\"Not found: " + uri + "\"}}");
    }
  }

  private static void json(HttpServerResponse response, JsonNode body) {
    response.putHeader("content-type", "application/json; charset=UTF-8").end(body.toString());
  }

  private static void writePieces(Vertx vertx, HttpServerResponse response, Buffer body,
      int offset) {
    if (offset >= body.length()) {
      response.end();
      return;
    }
    int end = Math.min(body.length(), offset + 11);
    response.write(body.getBuffer(offset, end))
        .onSuccess(v -> vertx.runOnContext(x -> writePieces(vertx, response, body, end)));
  }
}
