package dev.gantry.adapters.bedrock;

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
import dev.gantry.adapters.model.ReasoningBlock;
import dev.gantry.adapters.model.ResponseFormat;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BedrockConverseTranslatorTest {

  private static final String ENDPOINT = "https://bedrock-runtime.eu-west-1.amazonaws.com";
  private static final String CLAUDE = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";
  private static final String NOVA = "eu.amazon.nova-pro-v1:0";

  private final BedrockConverseTranslator translator = new BedrockConverseTranslator();

  @Test
  void toRequest_stream_usesConverseStreamAndEventStreamAccept() {
    ProviderHttpRequest http = translator.toRequest(chat(Message.user("Hi")), NOVA, true,
        ENDPOINT + "/");

    assertThat(http.url())
        .isEqualTo(ENDPOINT + "/model/eu.amazon.nova-pro-v1%3A0/converse-stream");
    assertThat(http.headers()).containsEntry("accept", "application/vnd.amazon.eventstream")
        .containsEntry("content-type", "application/json");
  }

  @Test
  void toRequest_instructionsAnywhere_collectedIntoSystemInOrder() {
    ChatRequest request = chat(Message.system("Be brief."), Message.user("Hi"),
        new Message(Role.DEVELOPER, List.of(ContentPart.text("Answer in French."),
            ContentPart.text("  ")), List.of(), null, null),
        Message.assistant("Salut"));

    JsonNode body = body(request, CLAUDE);

    assertThat(body.get("system")).isEqualTo(json(
        "[{\"text\":\"Be brief.\"},{\"text\":\"Answer in French.\"}]"));
    assertThat(body.get("messages")).isEqualTo(json("[{\"role\":\"user\",\"content\":"
        + "[{\"text\":\"Hi\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"Salut\"}]}]"));
  }

  @Test
  void toRequest_parallelToolCallsAndResults_oneAssistantAndOneUserMessage() {
    Message calls = new Message(Role.ASSISTANT, List.of(ContentPart.text("")), List.of(
        new ToolCall("tooluse_a", "get_weather", "{\"city\":\"Paris\"}"),
        new ToolCall("tooluse_b", "get_time", "")), null, null);
    ChatRequest request = withTools(chat(Message.user("Weather and time in Paris?"), calls,
        Message.toolResult("tooluse_a", "18C"), Message.toolResult("tooluse_b", "noon"),
        Message.user("Thanks, and tomorrow?")), ToolChoice.AUTO);

    JsonNode body = body(request, CLAUDE);

    assertThat(body.get("messages")).isEqualTo(json("[{\"role\":\"user\",\"content\":"
        + "[{\"text\":\"Weather and time in Paris?\"}]},"
        + "{\"role\":\"assistant\",\"content\":["
        + "{\"toolUse\":{\"toolUseId\":\"tooluse_a\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}},"
        + "{\"toolUse\":{\"toolUseId\":\"tooluse_b\",\"name\":\"get_time\",\"input\":{}}}]},"
        + "{\"role\":\"user\",\"content\":["
        + "{\"toolResult\":{\"toolUseId\":\"tooluse_a\",\"content\":[{\"text\":\"18C\"}]}},"
        + "{\"toolResult\":{\"toolUseId\":\"tooluse_b\",\"content\":[{\"text\":\"noon\"}]}},"
        + "{\"text\":\"Thanks, and tomorrow?\"}]}]"));
  }

  @Test
  void toRequest_toolWithoutParametersAndStrict_emptySchemaAndStrictSent() {
    ChatRequest request = new ChatRequest("alias", List.of(Message.user("Time?")),
        GenerationParams.DEFAULTS, List.of(new ToolDefinition("now", "", null, true)), null, null,
        false, false, null, null);

    JsonNode config = body(request, CLAUDE).get("toolConfig");

    assertThat(config).isEqualTo(json("{\"tools\":[{\"toolSpec\":{\"name\":\"now\","
        + "\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":{}}},\"strict\":true}}]}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"REQUIRED|{\"any\":{}}", "FUNCTION|{\"tool\":{\"name\":\"now\"}}"})
  void toRequest_forcedToolChoice_mapsToAnyOrTool(ToolChoice.Mode mode, String expected) {
    ToolChoice choice = mode == ToolChoice.Mode.FUNCTION ? ToolChoice.function("now")
        : ToolChoice.REQUIRED;

    JsonNode config = body(withTools(chat(Message.user("Time?")), choice), CLAUDE).get("toolConfig");

    assertThat(config.get("toolChoice")).isEqualTo(json(expected));
  }

  @Test
  void toRequest_toolChoiceAuto_sendsToolsWithoutChoice() {
    JsonNode config = body(withTools(chat(Message.user("Time?")), ToolChoice.AUTO), CLAUDE)
        .get("toolConfig");

    assertThat(config.has("tools")).isTrue();
    assertThat(config.has("toolChoice")).isFalse();
  }

  @Test
  void toRequest_toolChoiceNone_dropsTools() {
    JsonNode body = body(withTools(chat(Message.user("Time?")), ToolChoice.NONE), CLAUDE);

    assertThat(body.has("toolConfig")).isFalse();
  }

  @Test
  void toRequest_samplingParams_mapToInferenceConfigSeedDropped() {
    ChatRequest request = chat(Message.user("Hi")).withParams(new GenerationParams(0.3, 0.9, 256,
        List.of("END", ""), 1, 42L, 0.0, 0.0, false, null));

    JsonNode body = body(request, CLAUDE);

    assertThat(body.get("inferenceConfig")).isEqualTo(json(
        "{\"maxTokens\":256,\"temperature\":0.3,\"topP\":0.9,\"stopSequences\":[\"END\"]}"));
    assertThat(body.toString()).doesNotContain("42");
  }

  @Test
  void toRequest_severalChoices_failsUnsupported() {
    assertRefused(params(null, 2, null, null, null), ErrorKind.UNSUPPORTED, "n", "one choice");
  }

  @Test
  void toRequest_logprobs_failsUnsupported() {
    assertRefused(params(null, null, true, null, null), ErrorKind.UNSUPPORTED, "logprobs",
        "logprobs");
  }

  @Test
  void toRequest_presencePenalty_failsUnsupported() {
    assertRefused(params(null, null, null, 0.5, null), ErrorKind.UNSUPPORTED, "presence_penalty",
        "presence penalty");
  }

  @Test
  void toRequest_frequencyPenalty_failsUnsupported() {
    assertRefused(params(null, null, null, null, -1.0), ErrorKind.UNSUPPORTED,
        "frequency_penalty", "frequency penalty");
  }

  @Test
  void toRequest_temperatureAboveOne_failsInvalid() {
    assertRefused(params(1.5, null, null, null, null), ErrorKind.INVALID_REQUEST, "temperature",
        "from 0 to 1");
  }

  @Test
  void toRequest_inlineImages_formatFromMediaTypeAndCleanBase64() {
    String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
    String withLineBreaks = png.substring(0, 4) + "\r\n" + png.substring(4);
    Message user = new Message(Role.USER, List.of(
        ContentPart.image(new ImageSource.Inline("image/png", withLineBreaks)),
        ContentPart.image(new ImageSource.Inline("image/webp; charset=binary", "UklGRg==")),
        ContentPart.image(new ImageSource.Inline("IMAGE/JPG", "/9j/4A=="))), List.of(), null, null);

    JsonNode content = body(chat(user), NOVA).get("messages").get(0).get("content");

    assertThat(content).isEqualTo(json("["
        + "{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"" + png + "\"}}},"
        + "{\"image\":{\"format\":\"webp\",\"source\":{\"bytes\":\"UklGRg==\"}}},"
        + "{\"image\":{\"format\":\"jpeg\",\"source\":{\"bytes\":\"/9j/4A==\"}}}]"));
  }

  @Test
  void toRequest_unsupportedImageType_failsUnsupportedNamingThePart() {
    Message user = new Message(Role.USER, List.of(ContentPart.text("What?"),
        ContentPart.image(new ImageSource.Inline("image/bmp", "Qk0="))), List.of(), null, null);

    assertRefused(chat(user), ErrorKind.UNSUPPORTED, "messages[0].content[1].image_url", "image/bmp");
  }

  @Test
  void toRequest_remoteImageUrl_throwsIllegalArgument() {
    Message user = new Message(Role.USER,
        List.of(ContentPart.image(new ImageSource.Url("https://example.com/pig.png"))), List.of(),
        null, null);

    assertThatThrownBy(() -> translator.toRequest(chat(user), NOVA, false, ENDPOINT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fetched");
  }

  @Test
  void toRequest_malformedToolArguments_failsInvalidRequest() {
    Message call = Message.assistantToolCalls(List.of(new ToolCall("t1", "now", "{\"tz\":")));

    assertRefused(chat(Message.user("Time?"), call), ErrorKind.INVALID_REQUEST,
        "messages[1].tool_calls[0].function.arguments", "valid JSON");
  }

  @Test
  void toRequest_nonObjectToolArguments_failsInvalidRequest() {
    Message call = Message.assistantToolCalls(List.of(new ToolCall("t1", "now", "[1]")));

    assertRefused(chat(Message.user("Time?"), call), ErrorKind.INVALID_REQUEST,
        "messages[1].tool_calls[0].function.arguments", "JSON object");
  }

  @Test
  void toRequest_jsonObjectFormat_failsUnsupported() {
    assertRefused(withFormat(chat(Message.user("JSON please")), ResponseFormat.JSON_OBJECT),
        ErrorKind.UNSUPPORTED, "response_format", "no JSON mode");
  }

  @Test
  void toRequest_jsonSchemaOnOlderModel_failsUnsupported() {
    ChatRequest request = withFormat(chat(Message.user("Age?")),
        ResponseFormat.jsonSchema("person", json("{\"type\":\"object\"}"), true));

    assertThatThrownBy(() -> translator.toRequest(request,
        "anthropic.claude-3-haiku-20240307-v1:0", false, ENDPOINT))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.param()).isEqualTo("response_format");
        });
  }

  @Test
  void toRequest_jsonSchemaBehindApplicationProfile_sentForBedrockToDecide() {
    ChatRequest request = withFormat(chat(Message.user("Age?")),
        ResponseFormat.jsonSchema("person", json("{\"type\":\"object\",\"properties\":"
            + "{\"age\":{\"type\":\"integer\"}}}"), null));

    JsonNode body = body(request,
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/mi1dadi0g15f");

    assertThat(body.get("outputConfig")).isEqualTo(json("{\"textFormat\":{\"type\":\"json_schema\","
        + "\"structure\":{\"jsonSchema\":{\"schema\":\"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":"
        + "{\\\"age\\\":{\\\"type\\\":\\\"integer\\\"}}}\",\"name\":\"person\"}}}}"));
  }

  @Test
  void toRequest_extensions_onlyDocumentedOnesReachAdditionalFields() {
    ObjectNode ext = ConverseJson.object().put("top_k", 40).put("parallel_tool_calls", false)
        .put("reasoning_effort", "high").put("repetition_penalty", 1.1);
    ext.putObject("thinking").put("type", "enabled").put("budget_tokens", 2048);
    ext.putObject("additionalModelRequestFields").put("top_k", 7).put("anthropic_beta_flag", 1);

    JsonNode body = body(withExtensions(chat(Message.user("Hi")), ext), CLAUDE);

    assertThat(body.get("additionalModelRequestFields")).isEqualTo(json("{\"top_k\":7,"
        + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},\"anthropic_beta_flag\":1}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "2.5", "\"40\""})
  void toRequest_badTopK_failsInvalid(String value) {
    ObjectNode ext = ConverseJson.object();
    ext.set("top_k", json(value));

    assertRefused(withExtensions(chat(Message.user("Hi")), ext), ErrorKind.INVALID_REQUEST,
        "top_k", "positive integer");
  }

  @Test
  void toRequest_thinkingNotObject_failsInvalid() {
    ObjectNode ext = ConverseJson.object().put("thinking", true);

    assertRefused(withExtensions(chat(Message.user("Hi")), ext), ErrorKind.INVALID_REQUEST,
        "thinking", "an object");
  }

  @Test
  void toRequest_malformedModelId_throwsIllegalArgument() {
    assertThatThrownBy(() -> translator.toRequest(chat(Message.user("Hi")), " ", false, ENDPOINT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromResponse_parallelToolCallsWithReasoning_allKept() {
    ChatResponse r = translator.fromResponse(json("{\"output\":{\"message\":{\"role\":"
        + "\"assistant\",\"content\":[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"Two "
        + "lookups.\",\"signature\":\"Eu4C\"}}},{\"reasoningContent\":{\"redactedContent\":\"RXE=\"}},"
        + "{\"toolUse\":{\"toolUseId\":\"tooluse_a\",\"name\":\"get_weather\",\"input\":{\"city\":"
        + "\"Paris\"}}},{\"toolUse\":{\"toolUseId\":\"tooluse_b\",\"name\":\"get_time\",\"input\":{}}}]}},"
        + "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":10,\"outputTokens\":20,"
        + "\"totalTokens\":30},\"metrics\":{\"latencyMs\":100}}"));

    ChatResponse.Choice choice = r.choices().get(0);
    assertThat(choice.reasoning()).isEqualTo("Two lookups.");
    assertThat(choice.reasoningBlocks()).containsExactly(
        ReasoningBlock.text("Two lookups.", "Eu4C"), ReasoningBlock.redacted("RXE="));
    assertThat(choice.message().content()).isEmpty();
    assertThat(choice.message().toolCalls()).containsExactly(
        new ToolCall("tooluse_a", "get_weather", "{\"city\":\"Paris\"}"),
        new ToolCall("tooluse_b", "get_time", "{}"));
    assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(Usage.of(10, 20));
  }

  @Test
  void fromResponse_cacheWrite_countedInPromptNotCached() {
    ChatResponse r = translator.fromResponse(json("{\"output\":{\"message\":{\"role\":\"assistant\","
        + "\"content\":[{\"text\":\"21\"}]}},\"stopReason\":\"end_turn\",\"usage\":{"
        + "\"cacheReadInputTokenCount\":0,\"cacheReadInputTokens\":0,\"cacheWriteInputTokenCount\":1322,"
        + "\"cacheWriteInputTokens\":1322,\"inputTokens\":2,\"outputTokens\":5,\"serverToolUsage\":{},"
        + "\"totalTokens\":1329}}"));

    assertThat(r.usage()).isEqualTo(new Usage(1324, 5, 0, 0));
  }

  @Test
  void fromResponse_serverToolUseAndGuardrail_skippedAndContentFilter() {
    ChatResponse r = translator.fromResponse(json("{\"output\":{\"message\":{\"role\":\"assistant\","
        + "\"content\":[{\"toolUse\":{\"toolUseId\":\"s1\",\"name\":\"nova_code_interpreter\","
        + "\"type\":\"server_tool_use\",\"input\":{}}},{\"text\":\"Sorry.\"}]}},"
        + "\"stopReason\":\"guardrail_intervened\"}"));

    ChatResponse.Choice choice = r.choices().get(0);
    assertThat(choice.message().toolCalls()).isEmpty();
    assertThat(choice.message().text()).isEqualTo("Sorry.");
    assertThat(choice.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(r.usage()).isNull();
  }

  @Test
  void fromResponse_noMessageContent_failsUpstreamError() {
    assertThatThrownBy(() -> translator.fromResponse(json("{\"stopReason\":\"end_turn\"}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void fromResponse_toolUseWithoutId_failsUpstreamError() {
    assertThatThrownBy(() -> translator.fromResponse(json("{\"output\":{\"message\":{\"content\":"
        + "[{\"toolUse\":{\"name\":\"now\",\"input\":{}}}]}},\"stopReason\":\"tool_use\"}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  private void assertRefused(ChatRequest request, ErrorKind kind, String param, String message) {
    assertThatThrownBy(() -> translator.toRequest(request, CLAUDE, false, ENDPOINT))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.param()).isEqualTo(param);
          assertThat(e.getMessage()).contains(message);
        });
  }

  private JsonNode body(ChatRequest request, String modelId) {
    return json(translator.toRequest(request, modelId, false, ENDPOINT).body().toString());
  }

  private static ChatRequest chat(Message... messages) {
    return ChatRequest.of("alias", List.of(messages));
  }

  private static ChatRequest params(Double temperature, Integer n, Boolean logprobs,
      Double presence, Double frequency) {
    return chat(Message.user("Hi")).withParams(new GenerationParams(temperature, null, null, null,
        n, null, presence, frequency, logprobs, null));
  }

  private static ChatRequest withTools(ChatRequest r, ToolChoice choice) {
    return new ChatRequest(r.model(), r.messages(), r.params(),
        List.of(new ToolDefinition("now", "The time.", json("{\"type\":\"object\"}"), null),
            new ToolDefinition("get_weather", null, null, null),
            new ToolDefinition("get_time", null, null, null)),
        choice, r.responseFormat(), r.stream(), r.includeUsage(), r.user(), r.extensions());
  }

  private static ChatRequest withFormat(ChatRequest r, ResponseFormat format) {
    return new ChatRequest(r.model(), r.messages(), r.params(), r.tools(), r.toolChoice(), format,
        r.stream(), r.includeUsage(), r.user(), r.extensions());
  }

  private static ChatRequest withExtensions(ChatRequest r, ObjectNode extensions) {
    return new ChatRequest(r.model(), r.messages(), r.params(), r.tools(), r.toolChoice(),
        r.responseFormat(), r.stream(), r.includeUsage(), r.user(), extensions);
  }

  private static JsonNode json(String text) {
    return ConverseGoldens.parse(text);
  }
}
