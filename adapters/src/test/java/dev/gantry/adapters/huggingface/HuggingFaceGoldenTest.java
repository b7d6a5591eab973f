package dev.gantry.adapters.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.model.EmbeddingResponse;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.openaicompat.SseSupport;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases for the {@code huggingface} provider, under {@code golden/huggingface/}:
 * <ul>
 *   <li>{@code messages/}: TGI's Messages API; {@code router/}: the router ({@link ChatApi#OPENAI}).
 *       The client's {@code openai-request.json} becomes {@code provider-request.json}; the
 *       recorded {@code provider-response.{json,sse}}, when the case has one, is written back as
 *       the client's {@code openai-response.{json,sse}}. Tool-call ids come from a counter.</li>
 *   <li>{@code embed/}: TEI's {@code /embed}, with the response headers of
 *       {@code provider-headers.json}.</li>
 *   <li>{@code errors/}: a status and body mapped to the client's error body (and
 *       {@code retry-after.txt} when the error carries one).</li>
 * </ul>
 */
class HuggingFaceGoldenTest {

  private static final HuggingFaceTranslator TGI = new HuggingFaceTranslator(settings(
      "http://tgi.test:8080"), "hf_golden");
  private static final HuggingFaceTranslator ROUTER = new HuggingFaceTranslator(settings(
      "https://router.huggingface.co/v1"), "hf_golden");

  static Stream<String> messagesCases() {
    return GoldenFiles.cases("huggingface", "messages").stream();
  }

  static Stream<String> routerCases() {
    return GoldenFiles.cases("huggingface", "router").stream();
  }

  static Stream<String> embedCases() {
    return GoldenFiles.cases("huggingface", "embed").stream();
  }

  static Stream<String> errorCases() {
    return GoldenFiles.cases("huggingface", "errors").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messagesCases")
  void messages_goldenCase_matchesExpectedTrees(String name) throws IOException {
    chatCase(GoldenFiles.dir("huggingface", "messages", name), TGI, ChatApi.MESSAGES,
        "meta-llama/Llama-3.1-8B-Instruct");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routerCases")
  void router_goldenCase_matchesExpectedTrees(String name) throws IOException {
    chatCase(GoldenFiles.dir("huggingface", "router", name), ROUTER, ChatApi.OPENAI,
        "deepseek-ai/DeepSeek-R1:together");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("embedCases")
  void embed_goldenCase_matchesExpectedTrees(String name) {
    Path dir = GoldenFiles.dir("huggingface", "embed", name);
    JsonNode clientRequest = GoldenFiles.json(dir.resolve("openai-request.json"));
    EmbeddingRequest request = OpenAiEmbeddings.readRequest(clientRequest);
    List<ProviderHttpRequest> upstream = TGI.embed(request, 0);
    assertThat(upstream).singleElement().satisfies(r ->
        assertThat(r.url()).isEqualTo("http://tgi.test:8080/embed"));
    GoldenFiles.assertJson(dir.resolve("provider-request.json"), tree(upstream.get(0).body()));

    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Path headerFile = dir.resolve("provider-headers.json");
    if (Files.exists(headerFile)) {
      Iterator<Map.Entry<String, JsonNode>> it = GoldenFiles.json(headerFile).fields();
      it.forEachRemaining(e -> headers.add(e.getKey(), e.getValue().asText()));
    }
    UpstreamResponse response = new UpstreamResponse(200, headers,
        Buffer.buffer(GoldenFiles.bytes(dir.resolve("provider-response.json"))));
    EmbeddingResponse read = TeiEmbed.read(response, request.input().size());
    GoldenFiles.assertJson(dir.resolve("openai-response.json"), tree(OpenAiEmbeddings
        .writeResponse(read, request.model(), OpenAiEmbeddings.wantsBase64(clientRequest))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void errors_goldenCase_matchesExpectedTrees(String name) throws Exception {
    Path dir = GoldenFiles.dir("huggingface", "errors", name);
    int status = Integer.parseInt(Files.readString(dir.resolve("provider-status.txt")).strip());
    Path body = Files.exists(dir.resolve("provider-response.json"))
        ? dir.resolve("provider-response.json") : dir.resolve("provider-response.html");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Path headerFile = dir.resolve("provider-headers.json");
    if (Files.exists(headerFile)) {
      GoldenFiles.json(headerFile).fields()
          .forEachRemaining(e -> headers.add(e.getKey(), e.getValue().asText()));
    }
    GatewayException e = HuggingFaceErrors.fromResponse(new UpstreamResponse(status, headers,
        Buffer.buffer(GoldenFiles.bytes(body))), "messages");
    GoldenFiles.assertJson(dir.resolve("openai-response.json"), tree(OpenAiErrors.write(e)));
    Path retryAfter = dir.resolve("retry-after.txt");
    if (e.retryAfterSeconds() >= 0 || Files.exists(retryAfter)) {
      assertThat(e.retryAfterSeconds()).as("retry-after")
          .isEqualTo(Long.parseLong(Files.readString(retryAfter).strip()));
    }
  }

  private static void chatCase(Path dir, HuggingFaceTranslator translator, ChatApi api,
      String defaultModel) throws IOException {
    Path modelFile = dir.resolve("upstream-model.txt");
    String upstreamModel = Files.exists(modelFile) ? Files.readString(modelFile).strip()
        : defaultModel;
    ChatRequest request = OpenAiChat.readRequest(
        GoldenFiles.json(dir.resolve("openai-request.json")));
    ProviderHttpRequest upstream = translator.chat(request, upstreamModel, request.stream(), api);
    assertThat(upstream.headers()).containsEntry("Authorization", "Bearer hf_golden");
    GoldenFiles.assertJson(dir.resolve("provider-request.json"), tree(upstream.body()));

    ResponseMeta meta = new ResponseMeta("chatcmpl-golden", 1_700_000_000L, request.model());
    if (Files.exists(dir.resolve("provider-response.sse"))) {
      byte[] sse = GoldenFiles.bytes(dir.resolve("provider-response.sse"));
      List<ChatChunk> chunks = SseSupport.decodeWhole(sse,
          new HuggingFaceStreamDecoder(new ToolCallIds(counter())));
      GoldenFiles.assertSse(dir.resolve("openai-response.sse"), GoldenFiles.clientEvents(chunks, request, meta));
    } else if (Files.exists(dir.resolve("provider-response.json"))) {
      JsonNode response = GoldenFiles.json(dir.resolve("provider-response.json"));
      GoldenFiles.assertJson(dir.resolve("openai-response.json"), tree(OpenAiChat.writeResponse(
          new ToolCallIds(counter()).fix(OpenAiChat.readResponse(response)), meta)));
    }
  }

  /** Ids {@code call_golden_1}, {@code call_golden_2}... */
  static Supplier<String> counter() {
    AtomicInteger n = new AtomicInteger();
    return () -> "call_golden_" + n.incrementAndGet();
  }

  static ProviderSettings.HuggingFace settings(String baseUrl) {
    return new ProviderSettings.HuggingFace("hf", baseUrl, SecretRef.literal("hf_golden"),
        Map.of(), Duration.ofSeconds(30), 4, null, null);
  }

  private static JsonNode tree(Buffer body) {
    return Json.parse(body);
  }
}
