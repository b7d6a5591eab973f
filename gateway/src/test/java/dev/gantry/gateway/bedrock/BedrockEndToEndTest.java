package dev.gantry.gateway.bedrock;

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
import dev.gantry.gateway.testing.FakeBedrock;
import dev.gantry.gateway.testing.GantryHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The whole Bedrock path with the official OpenAI Java SDK as the client: SDK → gateway →
 * {@code BedrockAdapter} (translation, SigV4 signing, event-stream framing) → a {@link FakeBedrock}
 * that checks every signature and model-id encoding and replays recorded Bedrock answers, streams
 * cut at awkward byte boundaries. A second fake receives the calls of a provider configured with
 * the wrong secret, to show that the signature check is real.
 */
class BedrockEndToEndTest {

  private static final String KEY = "sk-bedrock-e2e";
  private static final String NOVA = "us.amazon.nova-micro-v1:0";
  private static final String NOVA_PATH = "/model/us.amazon.nova-micro-v1%3A0";
  private static final String CLAUDE_PATH = "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0";
  private static final String THROTTLING_TYPE =
      "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/";

  private static BlockedThreadGuard guard;
  private static Vertx vertx;
  private static FakeBedrock bedrock;
  private static FakeBedrock wrongSecretTarget;
  private static Gateway gateway;
  private static OpenAIClient client;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    guard = BlockedThreadGuard.install();
    vertx = GantryHarness.strictVertx();
    bedrock = new FakeBedrock(vertx).start().await(10, TimeUnit.SECONDS);
    wrongSecretTarget = new FakeBedrock(vertx).start().await(10, TimeUnit.SECONDS);
    gateway = Gateway.start(vertx, config(), Map.of()).await(30, TimeUnit.SECONDS);
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gateway.port() + "/v1")
        .apiKey(KEY).maxRetries(0).build();
  }

  private static GatewayConfig config() {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    providers.put("aws", bedrock("aws", bedrock.endpoint(), FakeBedrock.SECRET_ACCESS_KEY));
    providers.put("aws-wrong-secret", bedrock("aws-wrong-secret", wrongSecretTarget.endpoint(),
        "not-the-secret-the-fake-expects"));
    List<ModelAlias> models = List.of(
        new ModelAlias("claude", ModelKind.CHAT, List.of(new Deployment("aws",
            "us.anthropic.claude-sonnet-4-20250514-v1:0", 1, null)), null),
        new ModelAlias("nova", ModelKind.CHAT, List.of(new Deployment("aws", NOVA, 1, null)), null),
        new ModelAlias("titan-embed", ModelKind.EMBEDDINGS,
            List.of(new Deployment("aws", "amazon.titan-embed-text-v2:0", 1, null)), null),
        new ModelAlias("nova-wrong-secret", ModelKind.CHAT,
            List.of(new Deployment("aws-wrong-secret", NOVA, 1, null)), null));
    return new GatewayConfig(new ServerSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30)),
        providers, models, List.of(new ApiKey("e2e", SecretRef.literal(KEY), null, List.of())));
  }

  private static ProviderSettings.Bedrock bedrock(String name, String endpoint, String secret) {
    return new ProviderSettings.Bedrock(name, FakeBedrock.REGION, endpoint, null,
        SecretRef.literal(FakeBedrock.ACCESS_KEY_ID), SecretRef.literal(secret), null, null,
        Duration.ofSeconds(10), 8);
  }

  @AfterEach
  void restoreRecordings() {
    bedrock.override(NOVA_PATH + "/converse", null);
    bedrock.override(NOVA_PATH + "/converse-stream", null);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    gateway.close().await(10, TimeUnit.SECONDS);
    bedrock.close().await(10, TimeUnit.SECONDS);
    wrongSecretTarget.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    assertThat(bedrock.problems()).as("every request Bedrock received was signed and addressed right")
        .isEmpty();
    assertThat(bedrock.received()).as("the fake was called").isNotEmpty();
    assertThat(guard.uninstall()).as("event loops must never block").isEmpty();
  }

  @Test
  void chat_nova_returnsTheRecordedAnswer() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("nova").addSystemMessage("You are a chatbot.").addUserMessage("Hello!").build());

    assertThat(completion.choices().get(0).message().content()).hasValue("Hello! How can I assist you "
        + "today? Whether you have questions, need information, or just want to chat, I'm here to help.");
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(7);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(30);
    assertThat(completion.model()).isEqualTo("nova");
    FakeBedrock.Received call = last();
    assertThat(call.rawPath()).as("the model id is one percent-encoded segment")
        .isEqualTo(NOVA_PATH + "/converse");
    assertThat(call.body().getJsonArray("system").getJsonObject(0).getString("text")).isEqualTo("You are a chatbot.");
  }

  @Test
  void chat_claude_returnsTextAndReasoning() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("claude").addUserMessage("How do I cross the street?").build());

    ChatCompletionMessage message = completion.choices().get(0).message();
    assertThat(message.content()).hasValueSatisfying(c -> assertThat(c).startsWith("Here are the basic steps"));
    assertThat(message._additionalProperties().get("reasoning_content"))
        .isEqualTo(JsonValue.from("This is a straightforward question about crossing the street safely. "
            + "I should provide clear, practical safety advice that applies generally, while noting that "
            + "specific rules may vary by location."));
    assertThat(last().rawPath()).isEqualTo(CLAUDE_PATH + "/converse");
  }

  @Test
  void chat_streaming_deliversTheRecordedTextInOrderWithUsage() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("nova").addUserMessage("What is the capital of France?")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunks::add);
    }

    String text = chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
    assertThat(text).isEqualTo(recordedText("converse-stream-text.eventstream"));
    assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.finishReason().orElse(null))
        .filter(r -> r != null).collect(Collectors.toList()))
        .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertThat(usage.choices()).as("the usage chunk comes last, without choices").isEmpty();
    assertThat(usage.usage().orElseThrow().promptTokens()).isEqualTo(13);
    assertThat(usage.usage().orElseThrow().completionTokens()).isEqualTo(82);
    assertThat(last().rawPath()).isEqualTo(NOVA_PATH + "/converse-stream");
  }

  @Test
  void chat_streamingTools_deliversTheToolCall() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("nova")
            .addUserMessage("What is the temperature of the capital of France?")
            .addTool(tool("get_capital", "country")).addTool(tool("get_temperature", "city")).build())) {
      stream.stream().forEach(chunks::add);
    }

    StringBuilder args = new StringBuilder();
    List<String> names = new ArrayList<>();
    chunks.forEach(chunk -> chunk.choices().forEach(c -> c.delta().toolCalls().ifPresent(calls -> calls.forEach(t -> {
      t.function().flatMap(f -> f.name()).ifPresent(names::add);
      t.function().flatMap(f -> f.arguments()).ifPresent(args::append);
    }))));
    assertThat(names).containsExactly("get_temperature");
    assertThat(args.toString()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.finishReason().orElse(null))
        .filter(r -> r != null).collect(Collectors.toList()))
        .containsExactly(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
  }

  @Test
  void chat_toolRoundTrip_sendsTheToolResultBackAndGetsTheAnswer() {
    ChatCompletionCreateParams.Builder ask = ChatCompletionCreateParams.builder().model("nova")
        .addSystemMessage("You are a helpful chatbot.").addUserMessage("What is the capital of France?")
        .addTool(tool("get_capital", "country"));
    ChatCompletion first = client.chat().completions().create(ask.build());
    ChatCompletionMessage assistant = first.choices().get(0).message();
    List<ChatCompletionMessageToolCall> calls = assistant.toolCalls().orElseThrow();
    assertThat(calls).hasSize(1);
    var call = calls.get(0).function().orElseThrow().function();
    assertThat(call.name()).isEqualTo("get_capital");
    assertThat(new JsonObject(call.arguments())).isEqualTo(new JsonObject().put("country", "France"));
    assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    String id = calls.get(0).function().orElseThrow().id();

    ChatCompletion second = client.chat().completions().create(ask.addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(id)
            .content("The country is not supported.").build()).build());

    assertThat(second.choices().get(0).message().content())
        .hasValueSatisfying(c -> assertThat(c).contains("The capital of France is Paris."));
    JsonArray sent = last().body().getJsonArray("messages");
    JsonObject toolUse = sent.getJsonObject(1).getJsonArray("content").stream().map(JsonObject.class::cast)
        .filter(b -> b.containsKey("toolUse")).findFirst().orElseThrow().getJsonObject("toolUse");
    assertThat(toolUse.getString("toolUseId")).isEqualTo(id);
    assertThat(toolUse.getJsonObject("input")).isEqualTo(new JsonObject().put("country", "France"));
    JsonObject toolResult = sent.getJsonObject(2).getJsonArray("content").getJsonObject(0).getJsonObject("toolResult");
    assertThat(toolResult.getString("toolUseId")).isEqualTo(id);
  }

  @Test
  void embeddings_titanV2_returnsTheRecordedVector() {
    CreateEmbeddingResponse resp = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("titan-embed").input("Test embedding dimensions").dimensions(256).build());

    assertThat(resp.data()).hasSize(1);
    assertThat(resp.data().get(0).embedding()).hasSize(256);
    assertThat(resp.data().get(0).embedding().get(0)).isEqualTo(-0.1208660751581192f);
    assertThat(resp.usage().promptTokens()).isEqualTo(4);
    FakeBedrock.Received call = last();
    assertThat(call.rawPath()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
    assertThat(call.body()).isEqualTo(new JsonObject().put("inputText", "Test embedding dimensions")
        .put("dimensions", 256).put("normalize", true));
  }

  @Test
  void chat_bedrockThrottling_returns429RateLimitError() throws Exception {
    bedrock.override(NOVA_PATH + "/converse", req -> req.response().setStatusCode(429)
        .putHeader("content-type", "application/json").putHeader("x-amzn-ErrorType", THROTTLING_TYPE)
        .end("{\"message\":\"Too many requests, please wait before trying again.\"}"));

    HttpResponse<String> resp = post("{\"model\":\"nova\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(429);
    JsonObject error = new JsonObject(resp.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("rate_limit_error");
    assertThat(error.getString("message")).isEqualTo("Bedrock is rate limiting this deployment "
        + "(ThrottlingException: Too many requests, please wait before trying again).");
  }

  @Test
  void stream_throttlingFrameAfterText_sendsAnErrorEventAndCloses() throws Exception {
    Buffer recorded = FakeBedrock.resource("converse-stream-text.eventstream");
    List<Message> frames = frames(recorded);
    Buffer body = Buffer.buffer();
    frames.subList(0, 3).forEach(f -> body.appendBytes(bytes(f.toByteBuffer())));
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", HeaderValue.fromString("exception"));
    headers.put(":exception-type", HeaderValue.fromString("throttlingException"));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    body.appendBytes(bytes(new Message(headers,
        "{\"message\":\"Too many tokens, please wait before trying again.\"}".getBytes(StandardCharsets.UTF_8))
        .toByteBuffer()));
    bedrock.override(NOVA_PATH + "/converse-stream",
        req -> bedrock.writeAwkwardly(req.response(), FakeBedrock.EVENT_STREAM, body));

    HttpResponse<String> resp = post("{\"model\":\"nova\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}");

    assertThat(resp.statusCode()).isEqualTo(200);
    List<String> events = List.of(resp.body().split("\n\n"));
    String text = events.subList(0, events.size() - 1).stream()
        .map(e -> new JsonObject(e.substring("data: ".length())).getJsonArray("choices").getJsonObject(0)
            .getJsonObject("delta").getString("content", ""))
        .collect(Collectors.joining());
    assertThat(text).isEqualTo("The capital of France is Paris.");
    JsonObject error = new JsonObject(events.get(events.size() - 1).substring("data: ".length()))
        .getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("rate_limit_error");
    assertThat(error.getString("message")).isEqualTo("Bedrock is rate limiting this deployment "
        + "(ThrottlingException: Too many tokens, please wait before trying again).");
    assertThat(resp.body()).as("an interrupted stream does not claim completion").doesNotContain("[DONE]");
  }

  @Test
  void chat_wrongSecret_isRejectedByTheSignatureCheck() throws Exception {
    HttpResponse<String> resp = post("{\"model\":\"nova-wrong-secret\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(502);
    JsonObject error = new JsonObject(resp.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("server_error");
    assertThat(error.getString("message")).as("AWS's text is not passed on")
        .doesNotContain("signature we calculated");
    assertThat(wrongSecretTarget.problems()).isNotEmpty()
        .allSatisfy(p -> assertThat(p).startsWith("POST " + NOVA_PATH + "/converse: "));
    assertThat(wrongSecretTarget.received()).as("nothing answered past the check").isEmpty();
  }

  private static ChatCompletionFunctionTool tool(String name, String param) {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name(name)
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of(param, Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of(param)))
            .build())
        .build()).build();
  }

  private static FakeBedrock.Received last() {
    List<FakeBedrock.Received> all = bedrock.received();
    return all.get(all.size() - 1);
  }

  private static HttpResponse<String> post(String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
        .header("authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The frames of a recorded event stream, decoded by the AWS library (not by Gantry's framer). */
  private static List<Message> frames(Buffer eventStream) {
    ByteBuffer in = ByteBuffer.wrap(eventStream.getBytes());
    List<Message> out = new ArrayList<>();
    while (in.hasRemaining()) {
      int length = in.getInt(in.position());
      ByteBuffer one = in.slice();
      one.limit(length);
      out.add(Message.decode(one));
      in.position(in.position() + length);
    }
    return out;
  }

  /** The text of a recorded stream's {@code contentBlockDelta} events, in order. */
  private static String recordedText(String resource) {
    StringBuilder text = new StringBuilder();
    for (Message frame : frames(FakeBedrock.resource(resource))) {
      if ("contentBlockDelta".equals(frame.getHeaders().get(":event-type").getString())) {
        JsonObject delta = new JsonObject(Buffer.buffer(frame.getPayload())).getJsonObject("delta");
        text.append(delta.getString("text", ""));
      }
    }
    return text.toString();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
