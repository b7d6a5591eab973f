package dev.gantry.adapters.vertex.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicTranslatorTest {

  private static final String LOC =
      "https://aiplatform.googleapis.com/v1/projects/p/locations/global";

  private final AnthropicTranslator translator = new AnthropicTranslator();

  private JsonNode body(ChatRequest r, boolean stream) throws Exception {
    return AnthropicJson.MAPPER.readTree(
        translator.toRequest(r, LOC, "claude-sonnet-4-5@20250929", stream).body().getBytes());
  }

  @Test
  void toRequest_noMaxTokens_sendsDefaultVersionAndNoModel() throws Exception {
    JsonNode body = body(ChatRequest.of("alias", List.of(Message.user("hi"))), false);

    assertThat(body.get("max_tokens").intValue()).isEqualTo(AnthropicTranslator.DEFAULT_MAX_TOKENS);
    assertThat(body.get("anthropic_version").textValue()).isEqualTo("vertex-2023-10-16");
    assertThat(body.has("model")).isFalse();
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void toRequest_stream_usesStreamRawPredictAndStreamFlag() throws Exception {
    ChatRequest r = ChatRequest.of("alias", List.of(Message.user("hi")));
    assertThat(translator.toRequest(r, LOC + "/", "claude-3-5-haiku@20241022", true).url())
        .isEqualTo(LOC + "/publishers/anthropic/models/claude-3-5-haiku@20241022:streamRawPredict");
    assertThat(body(r, true).get("stream").booleanValue()).isTrue();
  }

  @Test
  void toRequest_params_mapsSamplingAndStops() throws Exception {
    GenerationParams p = new GenerationParams(0.5, 0.9, 100, List.of("END"), null, 7L, 0.0, null,
        null, null);
    JsonNode body = body(ChatRequest.of("a", List.of(Message.user("hi"))).withParams(p), false);

    assertThat(body.get("temperature").doubleValue()).isEqualTo(0.5);
    assertThat(body.get("top_p").doubleValue()).isEqualTo(0.9);
    assertThat(body.get("max_tokens").intValue()).isEqualTo(100);
    assertThat(body.get("stop_sequences").get(0).textValue()).isEqualTo("END");
    assertThat(body.has("seed")).isFalse();
  }

  @Test
  void toRequest_toolChoices_mapToAnthropicTypes() throws Exception {
    List<ToolDefinition> tools = List.of(new ToolDefinition("f", null, null, null));
    assertThat(toolChoice(tools, ToolChoice.REQUIRED).get("type").textValue()).isEqualTo("any");
    assertThat(toolChoice(tools, ToolChoice.NONE).get("type").textValue()).isEqualTo("none");
    assertThat(toolChoice(tools, ToolChoice.AUTO).get("type").textValue()).isEqualTo("auto");
    JsonNode forced = toolChoice(tools, ToolChoice.function("f"));
    assertThat(forced.get("type").textValue()).isEqualTo("tool");
    assertThat(forced.get("name").textValue()).isEqualTo("f");
    JsonNode body = body(new ChatRequest("a", List.of(Message.user("x")), null, tools, null, null,
        false, false, null, null), false);
    assertThat(body.get("tools").get(0).get("input_schema").get("type").textValue())
        .isEqualTo("object");
    assertThat(body.has("tool_choice")).isFalse();
  }

  private JsonNode toolChoice(List<ToolDefinition> tools, ToolChoice choice) throws Exception {
    return body(new ChatRequest("a", List.of(Message.user("x")), null, tools, choice, null, false,
        false, null, null), false).get("tool_choice");
  }

  @Test
  void toRequest_assistantReasoningAndImages_sendsThinkingFirstAndBase64Source() throws Exception {
    Message user = new Message(Role.USER, List.of(ContentPart.text("look"),
        ContentPart.image(new ImageSource.Inline("image/png", "AAAA"))), List.of(), null, null);
    Message assistant = new Message(Role.ASSISTANT, List.of(ContentPart.text("ok")),
        List.of(new ToolCall("t1", "f", "{\"a\":1}")), null, null,
        List.of(ReasoningBlock.text("hmm", "sig"), ReasoningBlock.redacted("xyz")));
    JsonNode body = body(ChatRequest.of("a", List.of(user, assistant,
        Message.toolResult("t1", "42"), Message.user("and?"))), false);

    JsonNode image = body.get("messages").get(0).get("content").get(1);
    assertThat(image.get("source").get("type").textValue()).isEqualTo("base64");
    assertThat(image.get("source").get("media_type").textValue()).isEqualTo("image/png");
    JsonNode content = body.get("messages").get(1).get("content");
    assertThat(content.get(0).get("type").textValue()).isEqualTo("thinking");
    assertThat(content.get(0).get("signature").textValue()).isEqualTo("sig");
    assertThat(content.get(1).get("data").textValue()).isEqualTo("xyz");
    assertThat(content.get(3).get("input").get("a").intValue()).isEqualTo(1);
    JsonNode last = body.get("messages").get(2);
    assertThat(body.get("messages").size()).isEqualTo(3);
    assertThat(last.get("content").get(0).get("type").textValue()).isEqualTo("tool_result");
    assertThat(last.get("content").get(1).get("text").textValue()).isEqualTo("and?");
  }

  @Test
  void toRequest_toolArgumentsNotAnObject_isInvalidRequest() {
    Message assistant = Message.assistantToolCalls(List.of(new ToolCall("t1", "f", "[1")));
    assertThatThrownBy(() -> body(ChatRequest.of("a", List.of(Message.user("x"), assistant)), false))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("'t1'").contains("not a JSON object");
        });
  }

  @Test
  void toRequest_inexpressibleParams_areUnsupported() {
    ChatRequest base = ChatRequest.of("a", List.of(Message.user("x")));
    GenerationParams n2 = new GenerationParams(null, null, null, null, 2, null, null, null, null,
        null);
    assertUnsupported(base.withParams(n2), "n");
    GenerationParams logprobs = new GenerationParams(null, null, null, null, null, null, null,
        null, true, null);
    assertUnsupported(base.withParams(logprobs), "logprobs");
    GenerationParams penalty = new GenerationParams(null, null, null, null, null, null, 0.5, null,
        null, null);
    assertUnsupported(base.withParams(penalty), "presence_penalty");
    assertUnsupported(new ChatRequest("a", base.messages(), null, null, null,
        ResponseFormat.JSON_OBJECT, false, false, null, null), "response_format");
  }

  private void assertUnsupported(ChatRequest r, String param) {
    assertThatThrownBy(() -> body(r, false)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
      assertThat(e.param()).isEqualTo(param);
    });
  }

  @Test
  void toRequest_unsupportedImageType_isUnsupported() {
    Message user = new Message(Role.USER, List.of(ContentPart.image(
        new ImageSource.Inline("image/bmp", "AAAA"))), List.of(), null, null);
    assertThatThrownBy(() -> body(ChatRequest.of("a", List.of(user)), false))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
          assertThat(e.getMessage()).contains("PNG, JPEG, GIF and WebP");
        });
  }

  @Test
  void fromResponse_thinkingAndCache_mapsBlocksAndUsage() throws Exception {
    JsonNode answer = AnthropicJson.MAPPER.readTree("{\"content\":["
        + "{\"type\":\"thinking\",\"thinking\":\"why\",\"signature\":\"s1\"},"
        + "{\"type\":\"redacted_thinking\",\"data\":\"enc\"},"
        + "{\"type\":\"text\",\"text\":\"no\"}],\"stop_reason\":\"refusal\","
        + "\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":100,"
        + "\"cache_creation_input_tokens\":5,\"output_tokens\":3}}");

    ChatResponse r = translator.fromResponse(answer);

    ChatResponse.Choice c = r.choices().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(c.reasoning()).isEqualTo("why");
    assertThat(c.reasoningBlocks()).containsExactly(ReasoningBlock.text("why", "s1"),
        ReasoningBlock.redacted("enc"));
    assertThat(c.message().text()).isEqualTo("no");
    assertThat(r.usage()).isEqualTo(new Usage(115, 3, 100, 0));
  }

  @Test
  void finishReason_anthropicValues_mapToOpenAi() {
    assertThat(AnthropicTranslator.finishReason("end_turn")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicTranslator.finishReason("stop_sequence")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicTranslator.finishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
    assertThat(AnthropicTranslator.finishReason("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(AnthropicTranslator.finishReason(null)).isNull();
  }

  @Test
  void fromResponse_noContent_isUpstreamError() throws Exception {
    assertThatThrownBy(() -> translator.fromResponse(AnthropicJson.MAPPER.readTree("{}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }
}
