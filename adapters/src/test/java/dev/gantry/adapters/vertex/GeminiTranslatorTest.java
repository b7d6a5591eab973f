package dev.gantry.adapters.vertex;

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
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCall;
import dev.gantry.adapters.model.ToolChoice;
import dev.gantry.adapters.model.ToolDefinition;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiTranslatorTest {

  private static final String LOCATION = GeminiGoldens.LOCATION;
  private static final Path FIXTURES = Path.of(
      "src/test/resources/fixtures", "vertex");

  private final GeminiTranslator translator = new GeminiTranslator();

  @Test
  void toRequest_gsImage_fileDataWithExtensionType() {
    JsonNode body = body(ChatRequest.of("m", List.of(new Message(Role.USER, List.of(
        ContentPart.image(new ImageSource.Url("gs://bucket/dir/cat.JPG"))), List.of(), null,
        null))));

    assertThat(body.at("/contents/0/parts/0/fileData/mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(body.at("/contents/0/parts/0/fileData/fileUri").asText())
        .isEqualTo("gs://bucket/dir/cat.JPG");
  }

  @Test
  void toRequest_gsImageWithoutExtension_invalidRequest() {
    ChatRequest r = ChatRequest.of("m", List.of(new Message(Role.USER, List.of(
        ContentPart.image(new ImageSource.Url("gs://bucket/cat"))), List.of(), null, null)));

    assertThatThrownBy(() -> translator.toRequest(r, "gemini-2.5-flash", false, LOCATION))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("messages");
        });
  }

  @Test
  void toRequest_httpsImage_programmingError() {
    ChatRequest r = ChatRequest.of("m", List.of(new Message(Role.USER, List.of(
        ContentPart.image(new ImageSource.Url("https://example.com/a.png"))), List.of(), null,
        null)));

    assertThatThrownBy(() -> translator.toRequest(r, "gemini-2.5-flash", false, LOCATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("remote images must be fetched and inlined before translation");
  }

  @ParameterizedTest
  @CsvSource({"'gemini/x'", "'a:b'", "' '"})
  void toRequest_modelNotOneSegment_illegalArgument(String model) {
    assertThatThrownBy(() -> translator.toRequest(ChatRequest.of("m",
        List.of(Message.user("hi"))), model, false, LOCATION))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toRequest_toolChoices_functionCallingModes() {
    assertThat(toolConfig(ToolChoice.AUTO).at("/functionCallingConfig/mode").asText())
        .isEqualTo("AUTO");
    assertThat(toolConfig(ToolChoice.NONE).at("/functionCallingConfig/mode").asText())
        .isEqualTo("NONE");
    assertThat(toolConfig(ToolChoice.REQUIRED).at("/functionCallingConfig/mode").asText())
        .isEqualTo("ANY");
    JsonNode named = toolConfig(ToolChoice.function("b"));
    assertThat(named.at("/functionCallingConfig/mode").asText()).isEqualTo("ANY");
    assertThat(named.at("/functionCallingConfig/allowedFunctionNames/0").asText()).isEqualTo("b");
  }

  @Test
  void toRequest_toolChoiceUnknownFunction_invalidRequest() {
    assertThatThrownBy(() -> toolConfig(ToolChoice.function("zzz")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("tool_choice");
        });
  }

  @Test
  void toRequest_sampling_generationConfigFields() {
    ChatRequest r = ChatRequest.of("m", List.of(Message.user("hi"))).withParams(
        new GenerationParams(0.2, 0.9, 50, List.of("END"), 2, 7L, 0.1, 0.3, null, null));

    JsonNode config = body(r).get("generationConfig");

    assertThat(config).isEqualTo(GeminiGoldens.parse("{\"temperature\":0.2,\"topP\":0.9,"
        + "\"maxOutputTokens\":50,\"stopSequences\":[\"END\"],\"candidateCount\":2,\"seed\":7,"
        + "\"presencePenalty\":0.1,\"frequencyPenalty\":0.3}"));
  }

  @Test
  void toRequest_logprobs_unsupported() {
    ChatRequest r = ChatRequest.of("m", List.of(Message.user("hi"))).withParams(
        new GenerationParams(null, null, null, null, null, null, null, null, true, 2));

    assertThatThrownBy(() -> body(r)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED);
      assertThat(e.param()).isEqualTo("logprobs");
    });
  }

  @Test
  void toRequest_toolResultForUnknownCall_invalidRequest() {
    ChatRequest r = ChatRequest.of("m", List.of(Message.user("hi"),
        Message.toolResult("call_nope", "42")));

    assertThatThrownBy(() -> body(r)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
      assertThat(e.getMessage()).contains("call_nope");
    });
  }

  @Test
  void toRequest_argumentsNotAnObject_invalidRequest() {
    ChatRequest r = ChatRequest.of("m", List.of(Message.user("hi"),
        Message.assistantToolCalls(List.of(new ToolCall("call_1", "f", "[1]")))));

    assertThatThrownBy(() -> body(r)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
  }

  @Test
  void toRequest_consecutiveToolResults_oneUserContentPlainTextWrapped() {
    ChatRequest r = ChatRequest.of("m", List.of(Message.user("hi"),
        Message.assistantToolCalls(List.of(new ToolCall("call_a", "f", "{}"),
            new ToolCall("call_b", "g", "{\"x\":1}"))),
        Message.toolResult("call_a", "plain"), Message.toolResult("call_b", "{\"ok\":true}")));

    JsonNode contents = body(r).get("contents");

    assertThat(contents).hasSize(3);
    assertThat(contents.get(2)).isEqualTo(GeminiGoldens.parse("{\"role\":\"user\",\"parts\":["
        + "{\"functionResponse\":{\"name\":\"f\",\"id\":\"call_a\",\"response\":{\"result\":\"plain\"}}},"
        + "{\"functionResponse\":{\"name\":\"g\",\"id\":\"call_b\",\"response\":{\"ok\":true}}}]}"));
  }

  @Test
  void fromResponse_parallelCalls_distinctStableIdsAndToolCallsFinish() {
    JsonNode body = GoldenFiles.json(FIXTURES.resolve(
        "firebase-mock-responses-vertexai/unary-success-function-call-parallel-calls.json"));

    ChatResponse first = translator.fromResponse(body);
    ChatResponse again = translator.fromResponse(body);

    List<ToolCall> calls = first.choices().get(0).message().toolCalls();
    assertThat(calls).hasSizeGreaterThan(1);
    assertThat(calls.stream().map(ToolCall::id).distinct()).hasSameSizeAs(calls);
    assertThat(again).isEqualTo(first);
    assertThat(first.choices().get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void fromResponse_thoughtSignature_roundTripsThroughToolCallId() {
    JsonNode body = GoldenFiles.json(FIXTURES.resolve("firebase-mock-responses-googleai/"
        + "unary-success-thinking-function-call-thought-summary-signature.json"));
    ChatResponse.Choice choice = translator.fromResponse(body).choices().get(0);
    ToolCall call = choice.message().toolCalls().get(0);

    JsonNode sent = body(ChatRequest.of("m", List.of(Message.user("hi"),
        Message.assistantToolCalls(List.of(call)), Message.toolResult(call.id(), "x"))));

    assertThat(choice.reasoning()).isNotBlank();
    assertThat(sent.at("/contents/1/parts/0/thoughtSignature").asText())
        .isEqualTo(body.findValue("thoughtSignature").asText());
    assertThat(sent.at("/contents/1/parts/0/functionCall/id").isMissingNode()).isTrue();
  }

  @Test
  void fromResponse_unknownFinishReason_stop() {
    ChatResponse r = translator.fromResponse(GoldenFiles.json(FIXTURES.resolve(
        "firebase-mock-responses-vertexai/unary-failure-unknown-enum-finish-reason.json")));

    assertThat(r.choices().get(0).finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void fromResponse_safetyFinishWithoutContent_contentFilterEmptyMessage() {
    ChatResponse r = translator.fromResponse(GoldenFiles.json(FIXTURES.resolve(
        "firebase-mock-responses-vertexai/unary-failure-finish-reason-safety-no-content.json")));

    assertThat(r.choices().get(0).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(r.choices().get(0).message().content()).isEmpty();
  }

  @Test
  void fromResponse_cachedAndThoughtTokens_openAiUsage() {
    ChatResponse r = translator.fromResponse(GeminiGoldens.parse("{\"candidates\":[{\"content\":"
        + "{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{"
        + "\"promptTokenCount\":29,\"cachedContentTokenCount\":20,\"candidatesTokenCount\":10,"
        + "\"thoughtsTokenCount\":202,\"totalTokenCount\":241}}"));

    assertThat(r.usage()).isEqualTo(new Usage(29, 212, 20, 202));
  }

  @Test
  void fromResponse_noCandidatesNoBlock_malformed() {
    assertThatThrownBy(() -> translator.fromResponse(GeminiGoldens.parse("{\"usageMetadata\":{}}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  private JsonNode toolConfig(ToolChoice choice) {
    ChatRequest r = new ChatRequest("m", List.of(Message.user("hi")), null, List.of(
        new ToolDefinition("a", null, null, null), new ToolDefinition("b", "B", null, null)),
        choice, null, false, false, null, null);
    return body(r).get("toolConfig");
  }

  private JsonNode body(ChatRequest r) {
    return GeminiGoldens.parse(translator.toRequest(r, "gemini-2.5-flash", false, LOCATION)
        .body().toString());
  }
}
