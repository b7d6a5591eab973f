package dev.gantry.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.bedrock.auth.BedrockAuth;
import dev.gantry.adapters.bedrock.auth.BedrockCredentials;
import dev.gantry.adapters.bedrock.auth.SigV4Verifier;
import dev.gantry.adapters.contract.ProviderContractTest;
import dev.gantry.adapters.media.ImageFetcher;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.spi.Capability;
import dev.gantry.adapters.spi.ProviderAdapter;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.eventstream.Message;

/**
 * The provider contract for the {@code bedrock} provider type: Converse chat (Claude), Titan
 * Text Embeddings v2 and Titan Image Generator through InvokeModel, against a local Bedrock that
 * verifies every SigV4 signature and answers with the recorded {@code golden/bedrock} payloads
 * (streams as AWS event-stream frames written 13 bytes at a time).
 */
class BedrockContractTest extends ProviderContractTest {

  private static final String KEY_ID = "AKIDGANTRYCONTRACT";
  private static final String SECRET = "gantry/contract/wJalrXUtnFEMI/K7MDENGbPxRfiCYEXAMPLE";
  private static final String REGION = "us-east-1";
  private static final Path GOLDEN = GoldenFiles.ROOT.resolve("bedrock");

  private final List<String> problems = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @Override
  protected Future<ProviderAdapter> start(Vertx vertx) {
    SigV4Verifier verifier = SigV4Verifier.forKeys(KEY_ID, SECRET, REGION);
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      SigV4Verifier.Result signature = verifier.verify(req, body);
      if (!signature.valid()) {
        problems.addAll(signature.problems());
        req.response().setStatusCode(403).end("{\"message\":\"bad signature\"}");
        return;
      }
      answer(vertx, req, Json.parseUpstream(body));
    })).listen(0, "127.0.0.1").map(started -> {
      server = started;
      ProviderSettings.Bedrock settings = new ProviderSettings.Bedrock("contract", REGION,
          "http://127.0.0.1:" + started.actualPort(), null, null, null, null, null,
          Duration.ofSeconds(10), 4);
      BedrockCredentials keys = BedrockCredentials.fixed(new BedrockAuth.SigV4(
          AwsCredentialsIdentity.create(KEY_ID, SECRET)));
      return new BedrockAdapter(vertx, settings, keys,
          new ImageFetcher(vertx, ImageFetcher.Policy.DEFAULTS));
    });
  }

  @Override
  protected Future<Void> stop() {
    assertThat(problems).as("every request was signed as Bedrock needs").isEmpty();
    return server.close();
  }

  @Override
  protected String upstreamModel() {
    return "us.anthropic.claude-sonnet-4-6"; // a Converse model with structured outputs
  }

  /** Bedrock reads the request format from the model id. */
  @Override
  protected String upstreamModel(Capability operation) {
    switch (operation) {
      case EMBEDDINGS:
        return "amazon.titan-embed-text-v2:0";
      case IMAGES:
        return "amazon.titan-image-generator-v1";
      default:
        return upstreamModel();
    }
  }

  @Override
  protected Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.CHAT, Capability.CHAT_STREAM, Capability.TOOLS,
        Capability.VISION, Capability.JSON_SCHEMA, Capability.EMBEDDINGS, Capability.IMAGES);
  }

  /** Answers as Bedrock would, by operation, model and what the body asks for. */
  private static void answer(Vertx vertx, HttpServerRequest req, JsonNode body) {
    String path = req.path();
    Path converse = GOLDEN.resolve("converse");
    if (path.endsWith("/converse-stream")) {
      String name = body.has("toolConfig") ? "chat-streaming-tools" : "chat-streaming";
      Buffer frames = Buffer.buffer();
      for (Message m : ConverseGoldens.frames(converse.resolve(name)
          .resolve("provider-response.events.jsonl"))) {
        frames.appendBytes(m.toByteBuffer().array());
      }
      HttpServerResponse response = req.response().setChunked(true)
          .putHeader("content-type", "application/vnd.amazon.eventstream");
      writePieces(vertx, response, frames, 0);
    } else if (path.endsWith("/converse")) {
      String name = body.has("toolConfig") ? "chat-tools"
          : body.has("outputConfig") ? "chat-json-schema"
          : body.toString().contains("\"image\"") ? "chat-image-input" : "chat-basic";
      json(req.response(), GoldenFiles.json(converse.resolve(name)
          .resolve("provider-response.json")));
    } else if (path.contains("titan-embed")) {
      recorded(req.response(), GOLDEN.resolve("embeddings/embeddings-titan-v2"));
    } else if (path.contains("titan-image")) {
      recorded(req.response(), GOLDEN.resolve("images/images-titan"));
    } else {
      req.response().setStatusCode(404).end("{\"message\":\"unknown model\"}");
    }
  }

  /** The first recorded interaction's status, headers and body. */
  private static void recorded(HttpServerResponse response, Path dir) {
    JsonNode first = GoldenFiles.json(dir.resolve("provider-response.json")).get(0);
    first.path("headers").fields().forEachRemaining(h ->
        response.putHeader(h.getKey(), h.getValue().asText()));
    response.setStatusCode(first.path("status").asInt(200));
    json(response, first.get("body"));
  }

  private static void json(HttpServerResponse response, JsonNode body) {
    response.putHeader("content-type", "application/json").end(body.toString());
  }

  private static void writePieces(Vertx vertx, HttpServerResponse response, Buffer body,
      int offset) {
    if (offset >= body.length()) {
      response.end();
      return;
    }
    int end = Math.min(body.length(), offset + 13);
    response.write(body.getBuffer(offset, end))
        .onSuccess(v -> vertx.runOnContext(x -> writePieces(vertx, response, body, end)));
  }
}
