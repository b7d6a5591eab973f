package dev.gantry.gateway.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.gantry.adapters.triton.FakeTriton;
import dev.gantry.config.ApiKey;
import dev.gantry.config.Deployment;
import dev.gantry.config.GatewayConfig;
import dev.gantry.config.ModelAlias;
import dev.gantry.config.ModelKind;
import dev.gantry.config.ProviderSettings;
import dev.gantry.config.SecretRef;
import dev.gantry.config.ServerSettings;
import dev.gantry.config.TokenizerSpec;
import dev.gantry.gateway.Gateway;
import dev.gantry.gateway.testing.BlockedThreadGuard;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Triton path with the official OpenAI Java SDK as the client: SDK → gateway →
 * {@code TritonAdapter} (the Qwen3 chat template rendered into {@code text_input}, the TensorRT-LLM
 * and vLLM request shapes, SSE decoding, {@code /infer}) → a {@link FakeTriton} that checks the
 * proxy's bearer key, paths and bodies and answers with the spec and backend answers. The ensemble
 * and {@code /infer} report no token counts, so the usage the client sees there is the one the
 * gateway counted with the alias's tokenizer ({@code tiktoken:o200k_base}); the vLLM backend's is
 * the server's own.
 */
class TritonEndToEndTest {

  private static final String KEY = "sk-triton-e2e";
  private static final TokenizerSpec O200K = new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN,
      "o200k_base");
  private static final Encoding ENCODING =
      Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  /** "Hello, world!" from the user: 3 priming + 3 framing + "user" 1 + 4 tokens in o200k. */
  private static final int HELLO_PROMPT = 11;
  private static final String QWEN3_HELLO =
      "<|im_start|>user\nHello, world!<|im_end|>\n<|im_start|>assistant\n";

  @TempDir
  static Path dir;

  private static BlockedThreadGuard guard;
  private static Vertx vertx;
  private static FakeTriton triton;
  private static Gateway gateway;
  private static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    triton = new FakeTriton(vertx).start().await(10, TimeUnit.SECONDS);
    Path template = dir.resolve("tokenizer_config.json");
    try (var in = TritonEndToEndTest.class.getResourceAsStream(
        "/templates/qwen3-tokenizer_config.json")) {
      Files.write(template, in.readAllBytes());
    }
    gateway = Gateway.start(vertx, config(template.toString()), Map.of())
        .await(30, TimeUnit.SECONDS);
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(KEY).maxRetries(0).build();
  }

  private static GatewayConfig config(String template) {
    Map<String, ProviderSettings> providers = Map.of("gpu", new ProviderSettings.Triton("gpu",
        triton.baseUrl(), SecretRef.literal(FakeTriton.KEY), Map.of(), Duration.ofSeconds(10), 8));
    List<ModelAlias> models = List.of(
        new ModelAlias("qwen-trt", ModelKind.CHAT, List.of(new Deployment("gpu", FakeTriton.TRTLLM,
            1, null, Map.of("tokenizer_config", template, "default_max_tokens", "64"))), null,
            O200K),
        new ModelAlias("qwen-vllm", ModelKind.CHAT, List.of(new Deployment("gpu", FakeTriton.VLLM,
            1, null, Map.of("tokenizer_config", template, "backend", "vllm",
                "default_max_tokens", "64"))), null, O200K),
        new ModelAlias("no-template", ModelKind.CHAT, List.of(new Deployment("gpu",
            FakeTriton.TRTLLM, 1, null, Map.of("default_max_tokens", "64"))), null, O200K),
        new ModelAlias("embed", ModelKind.EMBEDDINGS, List.of(new Deployment("gpu",
            FakeTriton.EMBED, 1, null, Map.of("dimensions", String.valueOf(FakeTriton.DIMENSIONS)))),
            null, O200K));
    return new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30)),
        providers, models, List.of(new ApiKey("e2e", SecretRef.literal(KEY), null, List.of())));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gateway.close().await(10, TimeUnit.SECONDS);
    triton.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(triton.problems()).as("every request Triton received was well-formed").isEmpty();
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  @Test
  void chat_tensorRtLlm_answerWithoutTheStopWordAndCountedUsage() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("qwen-trt").addUserMessage("Hello, world!").stop("\n\n").build());

    String answer = "Machine learning is a method of learning by using machine learning algorithms"
        + " to solve problems.";
    assertThat(completion.choices().get(0).message().content()).hasValue(answer);
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(HELLO_PROMPT);
    assertThat(usage.completionTokens()).isEqualTo(ENCODING.countTokens(answer));
    FakeTriton.Received call = last();
    assertThat(call.path()).isEqualTo("/v2/models/ensemble/generate");
    assertThat(call.body().path("text_input").asText()).isEqualTo(QWEN3_HELLO);
    assertThat(call.body().path("stop_words").toString()).isEqualTo("[\"\\n\\n\",\"<|im_end|>\"]");
    assertThat(call.body().path("max_tokens").asInt()).isEqualTo(64);
  }

  @Test
  void chat_streamingTensorRtLlm_textInOrderThenCountedUsage() {
    List<ChatCompletionChunk> chunks = stream(ChatCompletionCreateParams.builder().model("qwen-trt")
        .addUserMessage("Hello, world!").stop("\n\n").maxCompletionTokens(16)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

    assertThat(text(chunks)).isEqualTo("Machine learning is fun.");
    assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(HELLO_PROMPT);
    assertThat(usage.completionTokens()).isEqualTo(ENCODING.countTokens("Machine learning is fun."));
    assertThat(last().path()).isEqualTo("/v2/models/ensemble/generate_stream");
    assertThat(last().body().path("max_tokens").asInt()).isEqualTo(16);
  }

  @Test
  void chat_vllm_sampingParametersSentAndTheServersUsageKept() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("qwen-vllm").addUserMessage("Hello, world!").temperature(0.0).build());

    assertThat(completion.choices().get(0).message().content())
        .hasValue("Triton Inference Server is an open-source");
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(16);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(8);
    assertThat(last().body().path("sampling_parameters").asText())
        .isEqualTo("{\"max_tokens\":64,\"temperature\":0.0}");
  }

  @Test
  void chat_streamingVllm_theServersUsageLast() {
    List<ChatCompletionChunk> chunks = stream(ChatCompletionCreateParams.builder().model("qwen-vllm")
        .addUserMessage("Hello, world!")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

    assertThat(text(chunks)).isEqualTo("Paris is the capital.");
    CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(12);
    assertThat(usage.completionTokens()).isEqualTo(5);
  }

  @Test
  void embeddings_vectorsAndCountedUsage() {
    CreateEmbeddingResponse resp = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("embed").inputOfArrayOfStrings(List.of("Hello, world!", "Triton"))
        .dimensions(FakeTriton.DIMENSIONS).build());

    assertThat(resp.data()).hasSize(2);
    assertThat(resp.data().get(1).embedding()).containsExactly(1.1f, 1.2f, 1.3f, 1.4f);
    assertThat(resp.usage().promptTokens())
        .isEqualTo(ENCODING.countTokens("Hello, world!") + ENCODING.countTokens("Triton"));
    assertThat(last().path()).isEqualTo("/v2/models/bge-small-en/infer");
    assertThat(last().body().path("inputs").path(0).path("data").toString())
        .isEqualTo("[\"Hello, world!\",\"Triton\"]");
  }

  @Test
  void chat_deploymentWithoutTokenizerConfig_serverErrorNamingTheOption() {
    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("no-template").addUserMessage("Hello, world!").build()))
        .isInstanceOfSatisfying(InternalServerException.class,
            e -> assertThat(e.getMessage()).contains("tokenizer_config"));
  }

  private static List<ChatCompletionChunk> stream(ChatCompletionCreateParams params) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }
    return chunks;
  }

  private static String text(List<ChatCompletionChunk> chunks) {
    return chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
  }

  private static List<ChatCompletionChunk.Choice.FinishReason> finishReasons(
      List<ChatCompletionChunk> chunks) {
    return chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.finishReason().orElse(null)).filter(r -> r != null)
        .collect(Collectors.toList());
  }

  private static FakeTriton.Received last() {
    return triton.received().get(triton.received().size() - 1);
  }
}
