package dev.gantry.adapters.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases for the {@code openai} provider, client → upstream → client: the client's
 * {@code openai-request.json} is read and translated to {@code provider-request.json}; the
 * recorded {@code provider-response.{json,sse}} is read and written back as the client's
 * {@code openai-response.{json,sse}}. A case without a provider request expects the client
 * request to be rejected with the error body in {@code openai-response.json}.
 */
class OpenAiCompatGoldenTest {

  private static final OpenAiCompatTranslator TRANSLATOR = new OpenAiCompatTranslator(
      new ProviderSettings.OpenAi("golden", "http://upstream.test/v1", null, null, null, null,
          null, 4), null);

  static Stream<String> chatCases() {
    return GoldenFiles.cases("openai", "chat").stream();
  }

  static Stream<String> embeddingCases() {
    return GoldenFiles.cases("openai", "embeddings").stream();
  }

  static Stream<String> errorCases() {
    return GoldenFiles.cases("openai", "errors").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatCases")
  void chat_goldenCase_matchesExpectedTrees(String name) {
    Path dir = GoldenFiles.dir("openai", "chat", name);
    JsonNode clientRequest = GoldenFiles.json(dir.resolve("openai-request.json"));
    boolean rejected = !Files.exists(dir.resolve("provider-response.json"))
        && !Files.exists(dir.resolve("provider-response.sse"));
    if (rejected) {
      GatewayException e = catchThrowableOfType(GatewayException.class,
          () -> OpenAiChat.readRequest(clientRequest));
      GoldenFiles.assertJson(dir.resolve("openai-response.json"), tree(OpenAiErrors.write(e)));
      return;
    }
    ChatRequest request = OpenAiChat.readRequest(clientRequest);
    ProviderHttpRequest upstream = TRANSLATOR.chat(request, upstreamModel(dir, request),
        request.stream());
    GoldenFiles.assertJson(dir.resolve("provider-request.json"), tree(upstream.body()));

    ResponseMeta meta = new ResponseMeta("chatcmpl-golden", 1_700_000_000L, request.model());
    if (Files.exists(dir.resolve("provider-response.sse"))) {
      byte[] sse = GoldenFiles.bytes(dir.resolve("provider-response.sse"));
      List<ChatChunk> chunks =
          SseSupport.decodeWhole(sse, new OpenAiCompatStreamDecoder());
      GoldenFiles.assertSse(dir.resolve("openai-response.sse"),
          GoldenFiles.clientEvents(chunks, request, meta));
    } else {
      JsonNode response = GoldenFiles.json(dir.resolve("provider-response.json"));
      GoldenFiles.assertJson(dir.resolve("openai-response.json"),
          tree(OpenAiChat.writeResponse(OpenAiChat.readResponse(response), meta)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("embeddingCases")
  void embeddings_goldenCase_matchesExpectedTrees(String name) {
    Path dir = GoldenFiles.dir("openai", "embeddings", name);
    JsonNode clientRequest = GoldenFiles.json(dir.resolve("openai-request.json"));
    EmbeddingRequest request = OpenAiEmbeddings.readRequest(clientRequest);
    ProviderHttpRequest upstream = TRANSLATOR.embeddings(request, request.model());
    GoldenFiles.assertJson(dir.resolve("provider-request.json"), tree(upstream.body()));

    JsonNode response = GoldenFiles.json(dir.resolve("provider-response.json"));
    Buffer out = OpenAiEmbeddings.writeResponse(OpenAiEmbeddings.readResponse(response),
        request.model(), OpenAiEmbeddings.wantsBase64(clientRequest));
    GoldenFiles.assertJson(dir.resolve("openai-response.json"), tree(out));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void errors_goldenCase_matchesExpectedTrees(String name) throws Exception {
    Path dir = GoldenFiles.dir("openai", "errors", name);
    int status = Integer.parseInt(Files.readString(dir.resolve("provider-status.txt")).strip());
    Path body = Files.exists(dir.resolve("provider-response.json"))
        ? dir.resolve("provider-response.json") : dir.resolve("provider-response.html");
    UpstreamResponse response = new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer(GoldenFiles.bytes(body)));
    GatewayException e = OpenAiErrors.fromResponse(response);
    GoldenFiles.assertJson(dir.resolve("openai-response.json"), tree(OpenAiErrors.write(e)));
    assertThat(e.getMessage().length()).isLessThanOrEqualTo(503);
  }

  /** The upstream model is the one the golden provider request names, else the client's. */
  private static String upstreamModel(Path dir, ChatRequest request) {
    Path expected = dir.resolve("provider-request.json");
    return Files.exists(expected) ? GoldenFiles.json(expected).path("model").asText()
        : request.model();
  }

  private static JsonNode tree(Buffer body) {
    return Json.parse(body);
  }
}
