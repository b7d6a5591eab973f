package dev.gantry.adapters.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.ChatResponse;
import dev.gantry.adapters.model.ContentPart;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.GenerationParams;
import dev.gantry.adapters.model.ImageSource;
import dev.gantry.adapters.model.Message;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.config.ProviderSettings;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OllamaChatTranslatorTest {

  private static final ProviderSettings.Ollama SETTINGS =
      new ProviderSettings.Ollama("ollama", "http://ollama.test:11434/", null, null, 4);

  private final OllamaChatTranslator translator =
      new OllamaChatTranslator(Goldens.sequentialIds());

  @ParameterizedTest
  @ValueSource(strings = {"chat-basic", "chat-tools", "chat-tool-history", "chat-image-input",
      "chat-json-schema", "chat-streaming", "chat-streaming-tools", "chat-stream-error"})
  void toRequest_goldenCase_matchesProviderRequest(String name) {
    ChatRequest request = Goldens.chatRequest(name);
    JsonNode expected = Goldens.json(Goldens.file("chat", name, "provider-request.json"));

    ProviderHttpRequest http =
        translator.toRequest(request, expected.path("model").asText(), request.stream(), SETTINGS);

    assertThat(http.method()).isEqualTo(HttpMethod.POST);
    assertThat(http.url()).isEqualTo("http://ollama.test:11434/api/chat");
    assertThat(http.headers()).containsEntry("content-type", "application/json");
    Goldens.assertMatches(Goldens.file("chat", name, "provider-request.json"), body(http));
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat-basic", "chat-tools", "chat-tool-history", "chat-image-input",
      "chat-json-schema"})
  void fromResponse_goldenCase_matchesOpenAiResponse(String name) {
    ChatResponse response = translator.fromResponse(
        Goldens.json(Goldens.file("chat", name, "provider-response.json")));

    Goldens.assertMatches(Goldens.file("chat", name, "openai-response.json"),
        Goldens.response(response));
  }

  @Test
  void toRequest_allParamsAndExtensions_mapsToOptionsAndTopLevel() {
    ObjectNode extensions = Goldens.JSON.createObjectNode().put("top_k", 20).put("min_p", 0.05)
        .put("num_ctx", 8192).put("repeat_penalty", 1.1).put("think", "low")
        .put("parallel_tool_calls", false);
    ChatRequest request = new ChatRequest("alias",
        List.of(new Message(Role.DEVELOPER, List.of(ContentPart.text("Be brief.")), List.of(),
            null, null), Message.user("Hi")),
        new GenerationParams(0.2, 0.9, 100, List.of("\n", "user:"), 1, 42L, 1.5, 1.0, false, null),
        List.of(), null, ResponseFormat.JSON_OBJECT, false, false, "user-7", extensions);

    JsonNode body = body(translator.toRequest(request, "qwen3:8b", false, SETTINGS));

    assertThat(body).isEqualTo(json("{\"model\":\"qwen3:8b\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
        + "\"format\":\"json\",\"options\":{\"temperature\":0.2,\"top_p\":0.9,\"num_predict\":100,"
        + "\"stop\":[\"\\n\",\"user:\"],\"seed\":42,\"presence_penalty\":1.5,"
        + "\"frequency_penalty\":1.0,\"top_k\":20,\"num_ctx\":8192,\"min_p\":0.05,"
        + "\"repeat_penalty\":1.1},\"stream\":false,\"think\":\"low\"}"));
  }

  @Test
  void toRequest_jsonSchema_sendsSchemaAsFormat() {
    JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}},"
        + "\"required\":[\"age\"]}");
    ChatRequest request = withFormat(chat(Message.user("Age?")),
        ResponseFormat.jsonSchema("person", schema, true));

    JsonNode body = body(translator.toRequest(request, "llama3.1", false, SETTINGS));

    assertThat(body.get("format")).isEqualTo(schema);
  }

  @Test
  void toRequest_keepAliveWholeSeconds_sendsNumber() {
    ProviderSettings.Ollama settings =
        new ProviderSettings.Ollama("ollama", "http://ollama.test:11434", "-1", null, 4);

    JsonNode body = body(translator.toRequest(chat(Message.user("Hi")), "m", true, settings));

    assertThat(body.get("keep_alive").isNumber()).isTrue();
    assertThat(body.get("keep_alive").asLong()).isEqualTo(-1);
  }

  @Test
  void toRequest_keepAliveDuration_sendsString() {
    ProviderSettings.Ollama settings = new ProviderSettings.Ollama("ollama",
        "http://ollama.test:11434", "10m", Duration.ofSeconds(30), 4);

    JsonNode body = body(translator.toRequest(chat(Message.user("Hi")), "m", true, settings));

    assertThat(body.get("keep_alive").asText()).isEqualTo("10m");
  }

  @Test
  void toRequest_toolChoiceNone_dropsTools() {
    ChatRequest request = withTools(chat(Message.user("Hi")), ToolChoice.NONE);

    JsonNode body = body(translator.toRequest(request, "m", false, SETTINGS));

    assertThat(body.has("tools")).isFalse();
  }

  @Test
  void toRequest_toolWithoutParameters_sendsEmptyObjectSchema() {
    ChatRequest request = withTools(chat(Message.user("Hi")), ToolChoice.AUTO);

    JsonNode body = body(translator.toRequest(request, "m", false, SETTINGS));

    assertThat(body.path("tools").get(0)).isEqualTo(json("{\"type\":\"function\",\"function\":"
        + "{\"name\":\"now\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}"));
  }

  @Test
  void toRequest_toolChoiceRequired_failsUnsupported() {
    ChatRequest request = withTools(chat(Message.user("Hi")), ToolChoice.REQUIRED);

    assertRefused(request, ErrorKind.UNSUPPORTED, "tool_choice", "cannot force a tool call");
  }

  @Test
  void toRequest_toolChoiceFunction_failsUnsupported() {
    ChatRequest request = withTools(chat(Message.user("Hi")), ToolChoice.function("now"));

    assertRefused(request, ErrorKind.UNSUPPORTED, "tool_choice", "cannot force a tool call");
  }

  @Test
  void toRequest_severalChoices_failsUnsupported() {
    ChatRequest request = chat(Message.user("Hi")).withParams(
        new GenerationParams(null, null, null, null, 2, null, null, null, null, null));

    assertRefused(request, ErrorKind.UNSUPPORTED, "n", "one choice per request");
  }

  @Test
  void toRequest_logprobs_failsUnsupported() {
    ChatRequest request = chat(Message.user("Hi")).withParams(
        new GenerationParams(null, null, null, null, null, null, null, null, true, 3));

    assertRefused(request, ErrorKind.UNSUPPORTED, "logprobs", "logprobs");
  }

  @Test
  void toRequest_remoteImageUrl_failsUnsupportedNamingThePart() {
    Message user = new Message(Role.USER, List.of(ContentPart.text("What is this?"),
        ContentPart.image(new ImageSource.Url("https://example.com/pig.png"))), List.of(), null,
        null);

    assertRefused(chat(Message.system("You see."), user), ErrorKind.UNSUPPORTED,
        "messages[1].content[1].image_url", "inline images only");
  }

  @Test
  void toRequest_malformedToolArguments_failsInvalidRequest() {
    Message call = Message.assistantToolCalls(List.of(new ToolCall("call_a", "now", "{\"tz\":")));

    assertRefused(chat(Message.user("Time?"), call, Message.toolResult("call_a", "noon")),
        ErrorKind.INVALID_REQUEST, "messages[1].tool_calls[0].function.arguments", "valid JSON");
  }

  @Test
  void toRequest_nonObjectToolArguments_failsInvalidRequest() {
    Message call = Message.assistantToolCalls(List.of(new ToolCall("call_a", "now", "[1]")));

    assertRefused(chat(Message.user("Time?"), call), ErrorKind.INVALID_REQUEST,
        "messages[1].tool_calls[0].function.arguments", "JSON object");
  }

  @Test
  void toRequest_toolResultForUnknownCall_failsInvalidRequest() {
    assertRefused(chat(Message.user("Time?"), Message.toolResult("call_x", "noon")),
        ErrorKind.INVALID_REQUEST, "messages[1].tool_call_id", "earlier assistant message");
  }

  @Test
  void toRequest_toolResultForUnknownCallWithName_usesTheName() {
    Message result = new Message(Role.TOOL, List.of(ContentPart.text("noon")), List.of(), "call_x",
        "now");

    JsonNode body = body(translator.toRequest(chat(Message.user("Time?"), result), "m", false,
        SETTINGS));

    assertThat(body.path("messages").get(1).path("tool_name").asText()).isEqualTo("now");
  }

  @Test
  void toRequest_extensionOfWrongType_failsInvalidRequest() {
    ChatRequest request = withExtension(chat(Message.user("Hi")), "num_ctx", "big");

    assertRefused(request, ErrorKind.INVALID_REQUEST, "num_ctx", "an integer");
  }

  @Test
  void fromResponse_thinkingAndLength_mapsReasoningAndFinish() {
    ChatResponse response = translator.fromResponse(json("{\"model\":\"qwen3\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\"2\",\"thinking\":\"1+1 is 2.\"},"
        + "\"done\":true,\"done_reason\":\"length\",\"eval_count\":5}"));

    ChatResponse.Choice choice = response.choices().get(0);
    assertThat(choice.reasoning()).isEqualTo("1+1 is 2.");
    assertThat(choice.message().text()).isEqualTo("2");
    assertThat(choice.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.usage().promptTokens()).isZero();
    assertThat(response.usage().completionTokens()).isEqualTo(5);
  }

  @Test
  void fromResponse_errorObject_failsUpstreamError() {
    assertThatThrownBy(() -> translator.fromResponse(json("{\"error\":\"model crashed\"}")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("model crashed");
        });
  }

  @Test
  void fromResponse_noMessage_failsUpstreamError() {
    assertThatThrownBy(() -> translator.fromResponse(json("{\"done\":true}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  private void assertRefused(ChatRequest request, ErrorKind kind, String param, String message) {
    assertThatThrownBy(() -> translator.toRequest(request, "m", false, SETTINGS))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.param()).isEqualTo(param);
          assertThat(e.getMessage()).contains(message);
        });
  }

  private static ChatRequest chat(Message... messages) {
    return ChatRequest.of("alias", List.of(messages));
  }

  private static ChatRequest withFormat(ChatRequest r, ResponseFormat format) {
    return new ChatRequest(r.model(), r.messages(), r.params(), r.tools(), r.toolChoice(), format,
        r.stream(), r.includeUsage(), r.user(), r.extensions());
  }

  /** Adds a parameterless tool {@code now} with the given choice. */
  private static ChatRequest withTools(ChatRequest r, ToolChoice choice) {
    return new ChatRequest(r.model(), r.messages(), r.params(),
        List.of(new ToolDefinition("now", null, null, null)), choice, r.responseFormat(),
        r.stream(), r.includeUsage(), r.user(), r.extensions());
  }

  private static ChatRequest withExtension(ChatRequest r, String name, String value) {
    ObjectNode extensions = r.extensions().deepCopy().put(name, value);
    return new ChatRequest(r.model(), r.messages(), r.params(), r.tools(), r.toolChoice(),
        r.responseFormat(), r.stream(), r.includeUsage(), r.user(), extensions);
  }

  private static JsonNode body(ProviderHttpRequest http) {
    return json(http.body().toString());
  }

  private static JsonNode json(String text) {
    try {
      return Goldens.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
