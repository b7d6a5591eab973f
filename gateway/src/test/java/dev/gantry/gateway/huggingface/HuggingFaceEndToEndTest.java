package dev.gantry.gateway.huggingface;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
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
import dev.gantry.gateway.testing.FakeHuggingFace;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole Hugging Face path with the official OpenAI Java SDK as the client: SDK → gateway →
 * {@code HuggingFaceAdapter} → {@link FakeHuggingFace} endpoints (a TGI one, a TEI one, and a TGI
 * one that never wakes up), which check the token, the routes, TGI's grammar and the usage
 * request, and replay recorded TGI answers, streams cut at awkward byte boundaries. TGI's tool
 * calls (id {@code "0"}, repeated on every delta, no finish chunk) reach the SDK well formed.
 */
class HuggingFaceEndToEndTest {

  private static final String KEY = "sk-hf-e2e";
  private static final String LOADING =
      "{\"error\":\"Model meta-llama/Llama-3.1-8B-Instruct is currently loading\","
          + "\"estimated_time\":0.05}";

  private static BlockedThreadGuard guard;
  private static Vertx vertx;
  private static FakeHuggingFace tgi;
  private static FakeHuggingFace tei;
  private static FakeHuggingFace asleep;
  private static Gateway gateway;
  private static OpenAIClient client;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    tgi = new FakeHuggingFace(vertx, "info-tgi.json").start().await(10, TimeUnit.SECONDS);
    tei = new FakeHuggingFace(vertx, "info-tei.json").start().await(10, TimeUnit.SECONDS);
    asleep = new FakeHuggingFace(vertx, "info-tgi.json").start().await(10, TimeUnit.SECONDS);
    asleep.sleep(-1, "{\"error\":\"Model is currently loading\",\"estimated_time\":30.0}");
    gateway = Gateway.start(vertx, config(), Map.of()).await(30, TimeUnit.SECONDS);
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(KEY).maxRetries(0).build();
  }

  private static GatewayConfig config() {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    providers.put("tgi", provider("tgi", tgi));
    providers.put("tei", provider("tei", tei));
    providers.put("asleep", provider("asleep", asleep));
    List<ModelAlias> models = List.of(
        new ModelAlias("llama", ModelKind.CHAT, List.of(new Deployment("tgi",
            "meta-llama/Llama-3.1-8B-Instruct", 1, null)), null),
        new ModelAlias("gte", ModelKind.EMBEDDINGS, List.of(new Deployment("tei",
            "thenlper/gte-base", 1, null, Map.of("api", "embed"))), null),
        new ModelAlias("llama-asleep", ModelKind.CHAT, List.of(new Deployment("asleep",
            "meta-llama/Llama-3.1-8B-Instruct", 1, Duration.ofMillis(500))), null));
    return new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1024 * 1024,
        Duration.ofSeconds(30)), providers, models,
        List.of(new ApiKey("e2e", SecretRef.literal(KEY), null, List.of())));
  }

  private static ProviderSettings.HuggingFace provider(String name, FakeHuggingFace fake) {
    return new ProviderSettings.HuggingFace(name, fake.baseUrl(),
        SecretRef.literal(FakeHuggingFace.TOKEN), Map.of(), Duration.ofSeconds(10), 8,
        Duration.ofMillis(200), null);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gateway.close().await(10, TimeUnit.SECONDS);
    for (FakeHuggingFace fake : List.of(tgi, tei, asleep)) {
      fake.close().await(10, TimeUnit.SECONDS);
      assertThat(fake.problems()).as("every request was authorized and well formed").isEmpty();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(tgi.received()).as("the fake was called").isNotEmpty();
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  @Test
  void chat_tgi_returnsTheRecordedAnswerWithUsage() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("llama").addSystemMessage("You are a helpful assistant.")
        .addUserMessage("What is deep learning?").build());

    assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c ->
        assertThat(c).startsWith("Deep learning is a subfield of artificial intelligence"));
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(46);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(579);
    assertThat(completion.model()).isEqualTo("llama");
    assertThat(completion.id()).as("TGI's empty id is replaced").isNotBlank();
    assertThat(lastChat(tgi).getString("model")).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
  }

  @Test
  void chat_streaming_deliversTextOnceThenStopThenUsageLast() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("llama").addUserMessage("Say 'OK!'")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build())) {
      stream.stream().forEach(chunks::add);
    }

    String text = chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
    assertThat(text).isEqualTo("OK!");
    assertThat(chunks.stream().flatMap(c -> c.choices().stream())
        .filter(c -> c.delta().role().isPresent()).count()).as("role on the first delta only")
        .isEqualTo(1);
    assertThat(chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.finishReason().orElse(null)).filter(r -> r != null)
        .collect(Collectors.toList()))
        .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertThat(usage.choices()).isEmpty();
    assertThat(usage.usage().orElseThrow().promptTokens()).isEqualTo(39);
    assertThat(usage.usage().orElseThrow().completionTokens()).isEqualTo(3);
  }

  @Test
  void chat_streamingTools_arriveAsWellFormedOpenAiToolCallDeltas() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("llama")
            .addUserMessage("What is the weather like in Brooklyn, New York?")
            .addTool(weatherTool()).build())) {
      stream.stream().forEach(chunks::add);
    }

    List<ChatCompletionChunk.Choice.Delta.ToolCall> deltas = chunks.stream()
        .flatMap(c -> c.choices().stream())
        .flatMap(c -> c.delta().toolCalls().orElse(List.of()).stream())
        .collect(Collectors.toList());
    assertThat(deltas.get(0).id()).hasValueSatisfying(id ->
        assertThat(id).matches("call_[A-Za-z0-9]{24}"));
    assertThat(deltas.get(0).type()).isPresent();
    assertThat(deltas.get(0).function().flatMap(f -> f.name()))
        .contains("get_current_weather");
    assertThat(deltas.subList(1, deltas.size())).allSatisfy(d -> {
      assertThat(d.id()).isEmpty();
      assertThat(d.type()).isEmpty();
      assertThat(d.function().flatMap(f -> f.name())).isEmpty();
    });
    String arguments = deltas.stream().map(d -> d.function().flatMap(f -> f.arguments())
        .orElse("")).collect(Collectors.joining());
    assertThat(new JsonObject(arguments)).isEqualTo(new JsonObject()
        .put("location", "Brooklyn, NY").put("format", "fahrenheit"));
    assertThat(chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.finishReason().orElse(null)).filter(r -> r != null)
        .collect(Collectors.toList()))
        .containsExactly(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
  }

  @Test
  void chat_toolRoundTrip_sendsTheResultBackUnderTheFreshId() {
    ChatCompletionCreateParams.Builder ask = ChatCompletionCreateParams.builder().model("llama")
        .addUserMessage("What is the weather like in Paris, France?").addTool(weatherTool());
    ChatCompletion first = client.chat().completions().create(ask.build());
    ChatCompletionMessage assistant = first.choices().get(0).message();
    List<ChatCompletionMessageToolCall> calls = assistant.toolCalls().orElseThrow();
    assertThat(calls).hasSize(1);
    String id = calls.get(0).function().orElseThrow().id();
    assertThat(id).as("TGI's \"0\" is not passed on").matches("call_[A-Za-z0-9]{24}");
    assertThat(first.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);

    ChatCompletion second = client.chat().completions().create(ask.addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(id)
            .content("6.7°C, mostly cloudy").build()).build());

    assertThat(second.choices().get(0).message().content()).hasValueSatisfying(c ->
        assertThat(c).startsWith("I can't access real-time data"));
    JsonArray sent = lastChat(tgi).getJsonArray("messages");
    assertThat(sent.getJsonObject(1).getJsonArray("tool_calls").getJsonObject(0).getString("id"))
        .isEqualTo(id);
    assertThat(sent.getJsonObject(2).getString("tool_call_id")).isEqualTo(id);
  }

  @Test
  void chat_jsonSchema_reachesTgiAsItsGrammar() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("llama").addUserMessage("Where is the Eiffel tower?")
        .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
            ResponseFormatJsonSchema.JsonSchema.builder().name("place").schema(
                ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(
                        Map.of("city", Map.of("type", "string"))))
                    .build()).build()).build())
        .build());

    assertThat(completion.choices()).hasSize(1);
    JsonObject format = lastChat(tgi).getJsonObject("response_format");
    assertThat(format.getString("type")).isEqualTo("json");
    assertThat(format.getJsonObject("value")).isEqualTo(new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("city", new JsonObject().put("type", "string"))));
  }

  @Test
  void embeddings_tei_returnVectorsAndTheComputedTokens() {
    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("gte").inputOfArrayOfStrings(List.of("What is Deep Learning?", "Paris"))
        .build());

    assertThat(response.data()).hasSize(2).allSatisfy(e ->
        assertThat(e.embedding()).containsExactly(0.0f, 1.0f, 2.0f));
    assertThat(response.usage().promptTokens()).isEqualTo(10);
    FakeHuggingFace.Received embed = tei.received().stream()
        .filter(r -> r.path().equals("/embed")).reduce((a, b) -> b).orElseThrow();
    assertThat(embed.body().getJsonArray("inputs"))
        .isEqualTo(new JsonArray().add("What is Deep Learning?").add("Paris"));
  }

  @Test
  void chat_coldStartTwice503_waitsAndAnswers() {
    long before = chatCalls(tgi);
    tgi.sleep(2, LOADING);

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("llama").addUserMessage("What is deep learning?").build());

    assertThat(completion.choices().get(0).message().content()).isPresent();
    assertThat(chatCalls(tgi) - before).isEqualTo(3);
  }

  @Test
  void chat_endpointNotAwakeBeforeTheDeadline_returns503SayingItIsStarting() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
        .header("authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama-asleep\",\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("upstream_unavailable");
    assertThat(error.getString("message")).contains("still starting");
    assertThat(response.headers().firstValue("retry-after")).as("the endpoint's estimate")
        .contains("30");
    assertThat(chatCalls(asleep)).as("polled at max_cold_start_wait until the deadline")
        .isPositive();
  }

  private static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_current_weather").description("Get the current weather")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of(
                "location", Map.of("type", "string"),
                "format", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))))
            .putAdditionalProperty("required", JsonValue.from(List.of("location", "format")))
            .build())
        .build()).build();
  }

  private static JsonObject lastChat(FakeHuggingFace fake) {
    return fake.received().stream().filter(r -> r.path().equals("/v1/chat/completions"))
        .reduce((a, b) -> b).orElseThrow().body();
  }

  private static long chatCalls(FakeHuggingFace fake) {
    return fake.received().stream().filter(r -> r.path().equals("/v1/chat/completions")).count();
  }
}
