package dev.gantry.gateway.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.gantry.adapters.sagemaker.FakeSageMaker;
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
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole SageMaker path with the official OpenAI Java SDK as the client: SDK → gateway →
 * {@code SageMakerAdapter} (chat template, SigV4 under {@code sagemaker}, event-stream framing,
 * the container's SSE inside {@code PayloadPart}s) → a {@link FakeSageMaker} that checks every
 * signature, path and header and replays recorded container answers, streams cut at awkward
 * places. Two deployments: a TGI container called with TGI's native body ({@code api: generate},
 * the Qwen3 chat template) and a container taking OpenAI chat bodies behind an inference component
 * ({@code api: messages}). A second fake receives the calls of a provider configured with the
 * wrong secret, to show that the signature check is real.
 */
class SageMakerEndToEndTest {

  private static final String KEY = "sk-sagemaker-e2e";
  private static final String TGI_PATH = "/endpoints/" + FakeSageMaker.TGI_ENDPOINT;
  private static final String RECORDED_TGI_TEXT = " for /api/v1/projects/1";
  private static final String OPENAI_STREAM = "/golden/openai/chat/chat-streaming/provider-response.sse";

  private static BlockedThreadGuard guard;
  private static Vertx vertx;
  private static FakeSageMaker sagemaker;
  private static FakeSageMaker wrongSecretTarget;
  private static Gateway gateway;
  private static OpenAIClient client;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    sagemaker = new FakeSageMaker(vertx).start().await(10, TimeUnit.SECONDS);
    wrongSecretTarget = new FakeSageMaker(vertx).start().await(10, TimeUnit.SECONDS);
    gateway = Gateway.start(vertx, config(), Map.of()).await(30, TimeUnit.SECONDS);
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(KEY).maxRetries(0).build();
  }

  private static GatewayConfig config() throws Exception {
    String template = Path.of(SageMakerEndToEndTest.class
        .getResource("/upstream/sagemaker/qwen3-tokenizer_config.json").toURI()).toString();
    Map<String, String> generate = Map.of("tokenizer_config", template);
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    providers.put("sm", sageMaker("sm", sagemaker.endpoint(), FakeSageMaker.SECRET_ACCESS_KEY));
    providers.put("sm-wrong-secret", sageMaker("sm-wrong-secret", wrongSecretTarget.endpoint(),
        "not-the-secret-the-fake-expects"));
    List<ModelAlias> models = List.of(
        new ModelAlias("qwen3", ModelKind.CHAT, List.of(new Deployment("sm",
            FakeSageMaker.TGI_ENDPOINT, 1, null, generate)), null),
        new ModelAlias("llama", ModelKind.CHAT, List.of(new Deployment("sm",
            FakeSageMaker.MESSAGES_ENDPOINT, 1, null, Map.of("api", "messages",
            "inference_component", FakeSageMaker.COMPONENT))), null),
        new ModelAlias("qwen3-wrong-secret", ModelKind.CHAT, List.of(new Deployment(
            "sm-wrong-secret", FakeSageMaker.TGI_ENDPOINT, 1, null, generate)), null));
    return new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1024 * 1024,
        Duration.ofSeconds(30)), providers, models,
        List.of(new ApiKey("e2e", SecretRef.literal(KEY), null, List.of())));
  }

  private static ProviderSettings.SageMaker sageMaker(String name, String endpoint,
      String secret) {
    return new ProviderSettings.SageMaker(name, FakeSageMaker.REGION, endpoint, null,
        SecretRef.literal(FakeSageMaker.ACCESS_KEY_ID), SecretRef.literal(secret), null,
        Duration.ofSeconds(10), 8);
  }

  @AfterEach
  void restoreRecordings() {
    sagemaker.override(TGI_PATH + "/invocations", null);
    sagemaker.override(TGI_PATH + "/invocations-response-stream", null);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gateway.close().await(10, TimeUnit.SECONDS);
    sagemaker.close().await(10, TimeUnit.SECONDS);
    wrongSecretTarget.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(sagemaker.problems()).as("every request SageMaker received was signed, addressed "
        + "and rendered right").isEmpty();
    assertThat(sagemaker.received()).as("the fake was called").isNotEmpty();
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  @Test
  void chat_generate_rendersTheQwen3PromptAndReturnsTheTgiAnswerWithCountedUsage() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("qwen3").addSystemMessage("You are a chatbot.").addUserMessage("Hello!")
        .maxCompletionTokens(10).build());

    assertThat(completion.choices().get(0).message().content()).hasValue(RECORDED_TGI_TEXT);
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    assertThat(completion.model()).isEqualTo("qwen3");
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).as("counted by the gateway: TGI sent no prompt size")
        .isPositive();
    assertThat(usage.completionTokens()).isPositive();
    FakeSageMaker.Received call = sagemaker.last();
    assertThat(call.rawPath()).isEqualTo(TGI_PATH + "/invocations");
    assertThat(call.body().getString("inputs")).isEqualTo("<|im_start|>system\nYou are a "
        + "chatbot.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n");
    JsonObject parameters = call.body().getJsonObject("parameters");
    assertThat(parameters.getInteger("max_new_tokens")).isEqualTo(10);
    assertThat(parameters.getBoolean("details")).isTrue();
    assertThat(call.body().getBoolean("stream")).isFalse();
  }

  @Test
  void chat_generateStreaming_deliversTheTgiTokensFromPayloadPartsWithUsageLast() {
    List<ChatCompletionChunk> chunks = stream("qwen3", "Hello!");

    assertThat(text(chunks)).isEqualTo(RECORDED_TGI_TEXT);
    assertThat(finishReasons(chunks))
        .containsExactly(ChatCompletionChunk.Choice.FinishReason.LENGTH);
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertThat(usage.choices()).as("the usage chunk comes last, without choices").isEmpty();
    assertThat(usage.usage().orElseThrow().completionTokens()).isPositive();
    assertThat(sagemaker.last().rawPath()).isEqualTo(TGI_PATH + "/invocations-response-stream");
  }

  @Test
  void chat_messages_sendsTheOpenAiBodyToTheInferenceComponent() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("llama").addUserMessage("Hello!").build());

    assertThat(completion.choices().get(0).message().content())
        .hasValue("Hello! How can I assist you today?");
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(8);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(9);
    assertThat(completion.model()).isEqualTo("llama");
    FakeSageMaker.Received call = sagemaker.last();
    assertThat(call.rawPath()).isEqualTo("/endpoints/" + FakeSageMaker.MESSAGES_ENDPOINT
        + "/invocations");
    assertThat(call.headers()).containsEntry("x-amzn-sagemaker-inference-component",
        FakeSageMaker.COMPONENT);
    assertThat(call.body().getString("model")).isEmpty();
    assertThat(call.body().getJsonArray("messages").getJsonObject(0).getString("content"))
        .isEqualTo("Hello!");
  }

  @Test
  void chat_messagesStreaming_deliversTheContainersChunksAndItsUsage() {
    List<ChatCompletionChunk> chunks = stream("llama", "What is the weather?");

    assertThat(text(chunks)).isEqualTo(recordedOpenAiText());
    assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
    assertThat(usage.promptTokens()).as("the container's own count").isEqualTo(78);
    assertThat(usage.completionTokens()).isEqualTo(9);
    assertThat(sagemaker.last().body().getBoolean("stream")).isTrue();
  }

  @Test
  void chat_generateWithTools_isRefusedAsUnsupportedBeforeAnyCall() {
    int before = sagemaker.received().size();

    HttpResponse<String> resp = post("{\"model\":\"qwen3\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"Weather?\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":"
        + "\"weather\",\"parameters\":{\"type\":\"object\"}}}]}");

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(400);
    JsonObject error = new JsonObject(resp.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("unsupported_feature");
    assertThat(error.getString("param")).isEqualTo("tools");
    assertThat(sagemaker.received()).hasSize(before);
  }

  @Test
  void chat_containerRefusesTheLength_returns400ContextLengthExceeded() {
    sagemaker.override(TGI_PATH + "/invocations", req -> FakeSageMaker.modelError(req, 422,
        "{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096."
            + " Given: 4000 `inputs` tokens and 200 `max_new_tokens`\",\"error_type\":\"validation\"}"));

    BadRequestException e = catchThrowableOfType(BadRequestException.class,
        () -> client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("qwen3").addUserMessage("a long story").build()));

    assertThat(e.code()).hasValue("context_length_exceeded");
    assertThat(e.body().toString()).contains("must be <= 4096")
        .doesNotContain(FakeSageMaker.ACCOUNT);
  }

  @Test
  void chat_sageMakerThrottlingWith400_returns429RateLimitError() {
    sagemaker.override(TGI_PATH + "/invocations", req -> FakeSageMaker.error(req, 400,
        "ThrottlingException", new JsonObject().putNull("message")));

    HttpResponse<String> resp = post("{\"model\":\"qwen3\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}");

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(429);
    JsonObject error = new JsonObject(resp.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("rate_limit_error");
    assertThat(error.getString("message"))
        .isEqualTo("SageMaker is rate limiting this deployment (ThrottlingException).");
  }

  @Test
  void stream_modelStreamErrorAfterText_sendsTheTextThenAnErrorEventAndCloses() {
    String sse = FakeSageMaker.resource("/sagemaker/tgi-stream.sse").toString();
    int twoEvents = sse.indexOf("\n\n", sse.indexOf("\n\n") + 2) + 2;
    Buffer body = FakeSageMaker.payloadParts(Buffer.buffer(sse.substring(0, twoEvents)))
        .appendBuffer(FakeSageMaker.exception("ModelStreamError", new JsonObject()
            .put("Message", "Your model did not finish sending its response in time.")
            .put("ErrorCode", "ModelInvocationTimeExceeded")));
    sagemaker.override(TGI_PATH + "/invocations-response-stream", req ->
        sagemaker.writeAwkwardly(req.response(), FakeSageMaker.EVENT_STREAM, body));

    HttpResponse<String> resp = post("{\"model\":\"qwen3\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}");

    assertThat(resp.statusCode()).isEqualTo(200);
    List<String> events = List.of(resp.body().split("\n\n"));
    String text = events.subList(0, events.size() - 1).stream()
        .map(e -> new JsonObject(e.substring("data: ".length())).getJsonArray("choices")
            .getJsonObject(0).getJsonObject("delta").getString("content", ""))
        .collect(Collectors.joining());
    assertThat(text).isEqualTo(" for /");
    JsonObject error = new JsonObject(events.get(events.size() - 1).substring("data: ".length()))
        .getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("upstream_timeout");
    assertThat(error.getString("message")).contains("ModelInvocationTimeExceeded");
    assertThat(resp.body()).as("an interrupted stream does not claim completion")
        .doesNotContain("[DONE]");
  }

  @Test
  void chat_wrongSecret_isRejectedByTheSignatureCheck() {
    HttpResponse<String> resp = post("{\"model\":\"qwen3-wrong-secret\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(502);
    JsonObject error = new JsonObject(resp.body()).getJsonObject("error");
    assertThat(error.getString("message")).isEqualTo("SageMaker rejected the gateway's credentials"
        + " or permissions for this deployment (InvalidSignatureException).");
    assertThat(wrongSecretTarget.problems()).isNotEmpty()
        .allSatisfy(p -> assertThat(p).startsWith("POST " + TGI_PATH + "/invocations: "));
    assertThat(wrongSecretTarget.received()).as("nothing answered past the check").isEmpty();
  }

  private static List<ChatCompletionChunk> stream(String model, String question) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model(model).addUserMessage(question)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build())) {
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

  /** The text of the recorded OpenAI-compatible stream the messages container replays. */
  private static String recordedOpenAiText() {
    StringBuilder text = new StringBuilder();
    for (String event : FakeSageMaker.resource(OPENAI_STREAM).toString().split("\n\n")) {
      String data = event.trim().substring("data: ".length());
      if (!"[DONE]".equals(data)) {
        new JsonObject(data).getJsonArray("choices").forEach(choice -> text.append(
            ((JsonObject) choice).getJsonObject("delta").getString("content", "")));
      }
    }
    return text.toString();
  }

  private static HttpResponse<String> post(String json) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
              + "/v1/chat/completions")).timeout(Duration.ofSeconds(20))
          .header("content-type", "application/json").header("authorization", "Bearer " + KEY)
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
