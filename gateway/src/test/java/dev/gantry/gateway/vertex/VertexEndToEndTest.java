package dev.gantry.gateway.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.FakeVertex;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole Vertex AI path with the official OpenAI Java SDK as the client: SDK → gateway →
 * {@code VertexAdapter} (Gemini, Anthropic-on-Vertex and {@code :predict} translation, bearer
 * token, SSE framing) → a {@link FakeVertex} that checks the token and the path of every request
 * and replays recorded Vertex answers, streams cut at awkward byte boundaries. A second fake
 * receives the calls of a provider configured with the wrong token, to show the check is real.
 */
class VertexEndToEndTest {

  private static final String KEY = "sk-vertex-e2e";
  private static final String GEMINI = "gemini-2.0-flash";
  private static final String CLAUDE = "claude-sonnet-4-5@20250929";
  private static final String EMBEDDING = "gemini-embedding-001";
  private static final String MAAS = "meta/llama-3.3-70b-instruct-maas";
  private static final String IMAGEN = "imagen-3.0-generate-002";
  private static final String ENDPOINTS = "/v1/projects/" + FakeVertex.PROJECT + "/locations/"
      + FakeVertex.LOCATION + "/endpoints/";
  private static final String MODELS = "/v1/projects/" + FakeVertex.PROJECT + "/locations/"
      + FakeVertex.LOCATION + "/publishers/";

  private static BlockedThreadGuard guard;
  private static Vertx vertx;
  private static FakeVertex google;
  private static FakeVertex wrongTokenTarget;
  private static FakeVertex dedicatedHost;
  private static Gateway gateway;
  private static OpenAIClient client;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    google = new FakeVertex(vertx).start().await(10, TimeUnit.SECONDS);
    wrongTokenTarget = new FakeVertex(vertx).start().await(10, TimeUnit.SECONDS);
    dedicatedHost = new FakeVertex(vertx).start().await(10, TimeUnit.SECONDS);
    gateway = Gateway.start(vertx, config(), Map.of()).await(30, TimeUnit.SECONDS);
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(KEY).maxRetries(0).build();
  }

  private static GatewayConfig config() {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    providers.put("gcp", vertexProvider("gcp", google.endpoint(), FakeVertex.ACCESS_TOKEN));
    providers.put("gcp-wrong-token", vertexProvider("gcp-wrong-token", wrongTokenTarget.endpoint(),
        "ya29.not-the-token-the-fake-expects"));
    List<ModelAlias> models = List.of(
        new ModelAlias("gemini", ModelKind.CHAT, List.of(new Deployment("gcp", GEMINI, 1, null)), null),
        new ModelAlias("claude", ModelKind.CHAT, List.of(new Deployment("gcp", CLAUDE, 1, null)), null),
        new ModelAlias("embed", ModelKind.EMBEDDINGS,
            List.of(new Deployment("gcp", EMBEDDING, 1, null)), null),
        new ModelAlias("gemini-wrong-token", ModelKind.CHAT,
            List.of(new Deployment("gcp-wrong-token", GEMINI, 1, null)), null),
        new ModelAlias("llama-maas", ModelKind.CHAT, List.of(new Deployment("gcp", MAAS, 1, null)), null),
        new ModelAlias("imagen", ModelKind.IMAGES, List.of(new Deployment("gcp", IMAGEN, 1, null)), null),
        endpointAlias("own-llama", Map.of("endpoint", "1234567890")),
        endpointAlias("own-llama-predict", Map.of("endpoint", "2345678901", "api", "predict")),
        endpointAlias("tuned-gemini", Map.of("endpoint", "3456789012", "api", "gemini")),
        endpointAlias("dedicated-llama", Map.of("endpoint", "4567890123",
            "endpoint_host", dedicatedHost.endpoint())));
    return new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30)),
        providers, models, List.of(new ApiKey("e2e", SecretRef.literal(KEY), null, List.of())));
  }

  private static ModelAlias endpointAlias(String alias, Map<String, String> options) {
    return new ModelAlias(alias, ModelKind.CHAT, List.of(new Deployment("gcp",
        "meta-llama/Llama-3.1-8B-Instruct", 1, null, options)), null);
  }

  private static ProviderSettings.Vertex vertexProvider(String name, String endpoint, String token) {
    return new ProviderSettings.Vertex(name, FakeVertex.PROJECT, FakeVertex.LOCATION, endpoint, null,
        SecretRef.literal(token), Duration.ofSeconds(10), 8);
  }

  @AfterEach
  void restoreRecordings() {
    google.override("generateContent", null);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gateway.close().await(10, TimeUnit.SECONDS);
    google.close().await(10, TimeUnit.SECONDS);
    wrongTokenTarget.close().await(10, TimeUnit.SECONDS);
    dedicatedHost.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(google.problems()).as("every request Vertex received carried the token and a valid path")
        .isEmpty();
    assertThat(google.received()).as("the fake was called").isNotEmpty();
    assertThat(dedicatedHost.problems()).isEmpty();
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  @Test
  void chat_gemini_returnsTheRecordedAnswer() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gemini").addSystemMessage("You are a helpful chatbot.")
        .addUserMessage("What is the capital of France?").build());

    assertThat(completion.choices().get(0).message().content()).hasValue("The capital of France is Paris.\n");
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(13);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(8);
    assertThat(completion.model()).isEqualTo("gemini");
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(MODELS + "google/models/" + GEMINI + ":generateContent");
    assertThat(call.body().getJsonObject("systemInstruction").getJsonArray("parts").getJsonObject(0)
        .getString("text")).isEqualTo("You are a helpful chatbot.");
    assertThat(call.body().getJsonArray("contents").getJsonObject(0).getJsonArray("parts").getJsonObject(0)
        .getString("text")).isEqualTo("What is the capital of France?");
  }

  @Test
  void chat_geminiStreaming_deliversTheRecordedTextInOrderWithUsage() {
    List<ChatCompletionChunk> chunks = stream("gemini", "What is the capital of France?");

    assertThat(texts(chunks)).containsExactly("The", " capital of France", " is Paris.\n");
    assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertThat(usage.choices()).as("the usage chunk comes last, without choices").isEmpty();
    assertThat(usage.usage().orElseThrow().promptTokens()).isEqualTo(13);
    assertThat(usage.usage().orElseThrow().completionTokens()).isEqualTo(8);
    assertThat(last().uri()).isEqualTo(MODELS + "google/models/" + GEMINI + ":streamGenerateContent?alt=sse");
  }

  @Test
  void chat_claudeStreaming_deliversTheRecordedTextWithUsage() {
    List<ChatCompletionChunk> chunks = stream("claude", "What is 1+1? Answer with just the number.");

    assertThat(String.join("", texts(chunks))).isEqualTo("2");
    assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertThat(usage.choices()).isEmpty();
    assertThat(usage.usage().orElseThrow().promptTokens()).isEqualTo(20);
    assertThat(usage.usage().orElseThrow().completionTokens()).isEqualTo(5);
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(MODELS + "anthropic/models/" + CLAUDE + ":streamRawPredict");
    assertThat(call.body().getString("anthropic_version")).isEqualTo("vertex-2023-10-16");
    assertThat(call.body().containsKey("model")).as("the model is in the path, not the body").isFalse();
    assertThat(call.body().getBoolean("stream")).isTrue();
  }

  @Test
  void chat_claudeWithTools_returnsTheRecordedToolCalls() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("claude").addUserMessage("Who is the youngest of Alice, Bob, Charlie and Daisy?")
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
            .name("retrieve_entity_info").parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("name", Map.of("type", "string"))))
                .build()).build()).build())
        .build());

    ChatCompletion.Choice choice = completion.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
    assertThat(calls).hasSize(4);
    assertThat(calls.get(0).asFunction().id()).isEqualTo("toolu_0167cfEnoQaPviGdVXA95zcu");
    assertThat(calls.get(0).asFunction().function().name()).isEqualTo("retrieve_entity_info");
    assertThat(calls.get(3).asFunction().function().arguments()).isEqualTo("{\"name\":\"Daisy\"}");
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(MODELS + "anthropic/models/" + CLAUDE + ":rawPredict");
    assertThat(call.body().getJsonArray("tools").getJsonObject(0).getString("name"))
        .isEqualTo("retrieve_entity_info");
    assertThat(call.body().containsKey("stream")).isFalse();
  }

  @Test
  void chat_maasOpenModel_goesToTheOpenAiCompatibleEndpoint() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("llama-maas").addUserMessage("Hello").build());

    assertThat(completion.choices().get(0).message().content()).hasValue("Hello! How can I assist you today?");
    assertThat(completion.model()).isEqualTo("llama-maas");
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(ENDPOINTS + "openapi/chat/completions");
    assertThat(call.body().getString("model")).isEqualTo(MAAS);
  }

  @Test
  void chat_maasOpenModelStreaming_deliversTheStreamWithUsage() {
    List<ChatCompletionChunk> chunks = stream("llama-maas", "What is the capital of the UK?");

    assertThat(String.join("", texts(chunks))).isEqualTo("The capital of the UK is London.");
    assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    assertThat(chunks.get(chunks.size() - 1).usage().orElseThrow().promptTokens()).isEqualTo(78);
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(ENDPOINTS + "openapi/chat/completions");
    assertThat(call.body().getBoolean("stream")).isTrue();
  }

  @Test
  void chat_ownEndpoint_usesItsOpenAiCompatibleRoute() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("own-llama").addUserMessage("Hello").build());

    assertThat(completion.choices().get(0).message().content()).hasValue("Hello! How can I assist you today?");
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(ENDPOINTS + "1234567890/chat/completions");
    assertThat(call.body().getString("model")).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
  }

  @Test
  void chat_ownEndpointThroughPredict_wrapsTheChatAsAnInstance() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("own-llama-predict").addUserMessage("Hello").maxCompletionTokens(50).build());

    assertThat(completion.choices().get(0).message().content()).hasValue("Hello! How can I assist you today?");
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(8);
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(ENDPOINTS + "2345678901:predict");
    JsonObject instance = call.body().getJsonArray("instances").getJsonObject(0);
    assertThat(instance.getString("@requestFormat")).isEqualTo("chatCompletions");
    assertThat(instance.getJsonArray("messages").getJsonObject(0).getString("content")).isEqualTo("Hello");
    assertThat(instance.getInteger("max_tokens")).isEqualTo(50);
    assertThat(instance.containsKey("model")).as("the endpoint serves one model").isFalse();
  }

  @Test
  void chat_ownEndpointThroughPredictStreaming_replaysTheWholeAnswerAsChunks() {
    List<ChatCompletionChunk> chunks = stream("own-llama-predict", "Hello");

    assertThat(String.join("", texts(chunks))).isEqualTo("Hello! How can I assist you today?");
    assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertThat(usage.choices()).isEmpty();
    assertThat(usage.usage().orElseThrow().completionTokens()).isEqualTo(9);
    assertThat(last().uri()).isEqualTo(ENDPOINTS + "2345678901:predict");
  }

  @Test
  void chat_tunedGeminiOnAnEndpoint_usesGenerateContentThere() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("tuned-gemini").addUserMessage("What is the capital of France?").build());

    assertThat(completion.choices().get(0).message().content()).hasValue("The capital of France is Paris.\n");
    assertThat(last().uri()).isEqualTo(ENDPOINTS + "3456789012:generateContent");
  }

  @Test
  void chat_dedicatedEndpointHost_sendsTheCallToThatHost() {
    int before = google.received().size();

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("dedicated-llama").addUserMessage("Hello").build());

    assertThat(completion.choices().get(0).message().content()).hasValue("Hello! How can I assist you today?");
    assertThat(google.received()).as("the shared host saw nothing").hasSize(before);
    List<FakeVertex.Received> calls = dedicatedHost.received();
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).uri()).isEqualTo(ENDPOINTS + "4567890123/chat/completions");
  }

  @Test
  void images_imagen_returnsTheRecordedImagesAsBase64() {
    ImagesResponse images = client.images().generate(ImageGenerateParams.builder()
        .model("imagen").prompt("A blue sky").n(4).size(ImageGenerateParams.Size._1024X1024).build());

    assertThat(images.data().orElseThrow()).hasSize(4)
        .allSatisfy(image -> assertThat(image.b64Json().orElseThrow()).startsWith("iVBORw0KGgo"));
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(MODELS + "google/models/" + IMAGEN + ":predict");
    assertThat(call.body().getJsonArray("instances").getJsonObject(0).getString("prompt")).isEqualTo("A blue sky");
    assertThat(call.body().getJsonObject("parameters").getInteger("sampleCount")).isEqualTo(4);
    assertThat(call.body().getJsonObject("parameters").getString("aspectRatio")).isEqualTo("1:1");
  }

  @Test
  void embeddings_gemini_returnsTheRecordedVector() {
    CreateEmbeddingResponse resp = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("embed").input("Hello, world!").build());

    assertThat(resp.data()).hasSize(1);
    assertThat(resp.data().get(0).embedding()).hasSize(3072);
    assertThat(resp.data().get(0).embedding().get(0)).isEqualTo(-0.020920176059007645f);
    assertThat(resp.usage().promptTokens()).isEqualTo(4);
    FakeVertex.Received call = last();
    assertThat(call.uri()).isEqualTo(MODELS + "google/models/" + EMBEDDING + ":predict");
    assertThat(call.body().getJsonArray("instances").getJsonObject(0).getString("content"))
        .isEqualTo("Hello, world!");
  }

  @Test
  void chat_vertexResourceExhausted_returns429RateLimitError() throws Exception {
    google.override("generateContent", req -> req.response().setStatusCode(429)
        .putHeader("content-type", "application/json; charset=UTF-8")
        .end(FakeVertex.resource("gemini-error-quota.json")));

    HttpResponse<String> resp = post("{\"model\":\"gemini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(429);
    JsonObject error = new JsonObject(resp.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("rate_limit_error");
    assertThat(error.getString("message")).startsWith("Vertex AI is rate limiting this deployment "
        + "(RESOURCE_EXHAUSTED: Quota exceeded for quota metric 'Generate Content API requests per minute'");
  }

  @Test
  void chat_wrongToken_isRejectedByTheTokenCheck() throws Exception {
    HttpResponse<String> resp = post("{\"model\":\"gemini-wrong-token\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(502);
    JsonObject error = new JsonObject(resp.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("server_error");
    assertThat(error.getString("message")).isEqualTo("Vertex AI rejected the gateway's credentials or "
        + "permissions for this deployment (UNAUTHENTICATED); check its service account.");
    assertThat(resp.body()).as("the token is not echoed").doesNotContain("ya29");
    assertThat(wrongTokenTarget.problems()).isNotEmpty().allSatisfy(p -> assertThat(p)
        .isEqualTo("POST " + MODELS + "google/models/" + GEMINI + ":generateContent: "
            + "authorization is not the expected bearer token"));
    assertThat(wrongTokenTarget.received()).as("nothing answered past the check").isEmpty();
  }

  private static List<ChatCompletionChunk> stream(String model, String prompt) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunks::add);
    }
    return chunks;
  }

  private static List<String> texts(List<ChatCompletionChunk> chunks) {
    return chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
        .filter(t -> !t.isEmpty()).collect(Collectors.toList());
  }

  private static List<ChatCompletionChunk.Choice.FinishReason> finishReasons(List<ChatCompletionChunk> chunks) {
    return chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.finishReason().orElse(null))
        .filter(Objects::nonNull).collect(Collectors.toList());
  }

  private static FakeVertex.Received last() {
    List<FakeVertex.Received> all = google.received();
    return all.get(all.size() - 1);
  }

  private static HttpResponse<String> post(String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
        .header("authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
