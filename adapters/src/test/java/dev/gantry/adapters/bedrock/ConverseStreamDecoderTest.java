package dev.gantry.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

class ConverseStreamDecoderTest {

  private final ConverseStreamDecoder decoder = new ConverseStreamDecoder();
  private final List<ChatChunk> out = new ArrayList<>();

  @Test
  void decode_realEventStreamBytes_sameChunksAsDecodedCapture() {
    byte[] raw = GoldenFiles.bytes(ConverseGoldens.dir("chat-streaming")
        .resolve("provider-response.eventstream"));
    MessageDecoder frames = new MessageDecoder();
    for (byte b : raw) {
      frames.feed(new byte[] {b});
    }

    List<ChatChunk> fromBytes = ConverseGoldens.decode(frames.getDecodedMessages());

    assertThat(fromBytes).isEqualTo(ConverseGoldens.decode(ConverseGoldens.frames(
        ConverseGoldens.dir("chat-streaming").resolve("provider-response.events.jsonl"))));
    assertThat(fromBytes).hasSize(1 + 29 + 1 + 1); // role, text deltas, finish, usage
  }

  @Test
  void decode_textStream_roleFirstThenTextThenFinishThenUsage() {
    feed(event("messageStart", "{\"p\":\"abcdefgh\",\"role\":\"assistant\"}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"},\"p\":\"ab\"}"),
        event("contentBlockDelta", "{\"p\":\"abcdefghijk\",\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"}}"),
        event("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abc\"}"),
        event("messageStop", "{\"stopReason\":\"end_turn\",\"p\":\"abcdef\"}"),
        event("metadata", "{\"metrics\":{\"latencyMs\":5},\"usage\":{\"inputTokens\":3,"
            + "\"outputTokens\":2,\"totalTokens\":5},\"p\":\"a\"}"));
    decoder.end(out::add);

    assertThat(out).containsExactly(ChatChunk.of(ChatChunk.Delta.role(0)),
        ChatChunk.of(ChatChunk.Delta.text(0, "Hel")), ChatChunk.of(ChatChunk.Delta.text(0, "lo")),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.STOP)),
        ChatChunk.usage(Usage.of(3, 2)));
  }

  @Test
  void decode_parallelToolCalls_indexesCountToolCallsNotBlocks() {
    feed(event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Checking.\"}}"),
        event("contentBlockStop", "{\"contentBlockIndex\":0}"),
        event("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":"
            + "{\"toolUseId\":\"tooluse_a\",\"name\":\"get_weather\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}}}"),
        event("contentBlockStop", "{\"contentBlockIndex\":1}"),
        event("contentBlockStart", "{\"contentBlockIndex\":2,\"start\":{\"toolUse\":"
            + "{\"toolUseId\":\"tooluse_b\",\"name\":\"get_time\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}"),
        event("contentBlockStop", "{\"contentBlockIndex\":2}"),
        event("messageStop", "{\"stopReason\":\"tool_use\"}"));

    assertThat(toolDeltas()).containsExactly(
        ToolCallDelta.start(0, "tooluse_a", "get_weather", ""),
        ToolCallDelta.arguments(0, "{\"city\":"), ToolCallDelta.arguments(0, "\"Paris\"}"),
        ToolCallDelta.start(1, "tooluse_b", "get_time", ""), ToolCallDelta.arguments(1, "{}"));
    assertThat(out.get(out.size() - 1))
        .isEqualTo(ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.TOOL_CALLS)));
  }

  @Test
  void decode_serverToolUseAndToolResultBlocks_skipped() {
    feed(event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"name\":"
            + "\"nova_code_interpreter\",\"toolUseId\":\"tooluse_s\",\"type\":\"server_tool_use\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}"),
        event("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolResult\":"
            + "{\"status\":\"success\",\"toolUseId\":\"tooluse_s\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolResult\":"
            + "[{\"json\":{\"stdOut\":\"7006652\"}}]}}"),
        event("contentBlockStart", "{\"contentBlockIndex\":2,\"start\":{\"toolUse\":{\"name\":"
            + "\"final_result\",\"toolUseId\":\"tooluse_f\",\"type\":\"tool_use\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":{\"input\":\"{\\\"result\\\":1}\"}}}"),
        event("messageStop", "{\"stopReason\":\"tool_use\"}"));

    assertThat(toolDeltas()).containsExactly(ToolCallDelta.start(0, "tooluse_f", "final_result", ""),
        ToolCallDelta.arguments(0, "{\"result\":1}"));
  }

  @Test
  void decode_reasoningTextSignatureAndRedacted_textAndSignatureStreamedRedactedSkipped() {
    feed(event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Hmm.\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"signature\":\"Eu0C\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"reasoningContent\":{\"redactedContent\":\"RXRr\"}}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":2,\"delta\":{\"text\":\"\"}}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":3,\"delta\":{\"text\":\"Hi\"}}"));

    assertThat(out).containsExactly(ChatChunk.of(ChatChunk.Delta.role(0)),
        ChatChunk.of(ChatChunk.Delta.reasoning(0, "Hmm.")),
        ChatChunk.of(ChatChunk.Delta.reasoningSignature(0, "Eu0C")),
        ChatChunk.of(ChatChunk.Delta.text(0, "Hi")));
  }

  @Test
  void decode_deltaBeforeMessageStart_roleSentFirstOnce() {
    feed(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"A\"}}"),
        event("messageStart", "{\"role\":\"assistant\"}"));

    assertThat(out).containsExactly(ChatChunk.of(ChatChunk.Delta.role(0)),
        ChatChunk.of(ChatChunk.Delta.text(0, "A")));
    assertThat(out.get(0).choices().get(0).role()).isEqualTo(Role.ASSISTANT);
  }

  @Test
  void decode_metadataWithCacheCounts_promptIncludesCacheReadAndWrite() {
    feed(event("metadata", "{\"usage\":{\"inputTokens\":2,\"outputTokens\":5,\"totalTokens\":1329,"
        + "\"cacheReadInputTokens\":1000,\"cacheWriteInputTokens\":322,"
        + "\"cacheReadInputTokenCount\":1000},\"metrics\":{\"latencyMs\":1}}"));

    assertThat(out).containsExactly(ChatChunk.usage(new Usage(1324, 5, 1000, 0)));
  }

  @ParameterizedTest
  @CsvSource({"max_tokens,LENGTH", "model_context_window_exceeded,LENGTH",
      "stop_sequence,STOP", "guardrail_intervened,CONTENT_FILTER", "content_filtered,CONTENT_FILTER",
      "malformed_tool_use,STOP", "some_future_reason,STOP"})
  void decode_messageStop_mapsStopReason(String stopReason, FinishReason expected) {
    feed(event("messageStop", "{\"stopReason\":\"" + stopReason + "\"}"));

    assertThat(out.get(out.size() - 1)).isEqualTo(ChatChunk.of(ChatChunk.Delta.finish(0, expected)));
  }

  @Test
  void decode_exceptionFrameMidStream_throwsMappedErrorAfterEarlierChunks() {
    feed(event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Par\"}}"));

    assertThatThrownBy(() -> feed(exception("throttlingException",
        "{\"message\":\"Too many requests, please wait before trying again.\"}")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_RATE_LIMITED);
          assertThat(e.getMessage()).isEqualTo("Bedrock is rate limiting this deployment "
              + "(ThrottlingException: Too many requests, please wait before trying again).");
        });
    assertThat(out).hasSize(2);
  }

  @Test
  void decode_modelStreamErrorFrame_throwsUpstreamError() {
    assertThatThrownBy(() -> feed(exception("modelStreamErrorException",
        "{\"message\":\"Model stream failed\",\"originalStatusCode\":500}")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("ModelStreamErrorException: Model stream failed");
        });
  }

  @Test
  void decode_validationFrameAboutContext_throwsContextLength() {
    assertThatThrownBy(() -> feed(exception("validationException",
        "{\"message\":\"Input is too long for requested model.\"}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH));
  }

  @Test
  void decode_exceptionFrameWithoutJson_throwsByTypeAlone() {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", HeaderValue.fromString("exception"));
    headers.put(":exception-type", HeaderValue.fromString("serviceUnavailableException"));

    assertThatThrownBy(() -> decoder.decode(new Message(headers, "oops".getBytes(
        StandardCharsets.UTF_8)), out::add)).isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
          assertThat(e.getMessage()).isEqualTo("Bedrock is unavailable (ServiceUnavailableException).");
        });
  }

  @Test
  void decode_unmodeledErrorFrame_throwsUpstreamErrorWithCode() {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", HeaderValue.fromString("error"));
    headers.put(":error-code", HeaderValue.fromString("InternalFailure"));
    headers.put(":error-message", HeaderValue.fromString("We encountered an internal error."));

    assertThatThrownBy(() -> decoder.decode(new Message(headers, new byte[0]), out::add))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage())
              .isEqualTo("Bedrock failed (InternalFailure: We encountered an internal error).");
        });
  }

  @Test
  void end_withoutMessageStop_throwsUpstreamErrorNotStop() {
    feed(event("messageStart", "{\"role\":\"assistant\"}"),
        event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Par\"}}"));

    assertThatThrownBy(() -> decoder.end(out::add))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("ended before its messageStop");
        });
    assertThat(out).noneMatch(c -> !c.choices().isEmpty() && c.choices().get(0).finishReason() != null);
  }

  @Test
  void end_afterMessageStopWithoutMetadata_endsCleanly() {
    feed(event("messageStop", "{\"stopReason\":\"end_turn\"}"));

    decoder.end(out::add);

    assertThat(out).hasSize(2);
  }

  @Test
  void decode_unknownEventType_ignored() {
    feed(event("someNewEvent", "{\"x\":1}"));

    assertThat(out).isEmpty();
  }

  @Test
  void decode_toolInputWithoutStart_failsUpstreamError() {
    assertThatThrownBy(() -> feed(event("contentBlockDelta",
        "{\"contentBlockIndex\":4,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void decode_messageStopWithoutReason_failsUpstreamError() {
    assertThatThrownBy(() -> feed(event("messageStop", "{\"p\":\"abc\"}")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void decode_payloadNotJson_failsUpstreamError() {
    assertThatThrownBy(() -> feed(event("contentBlockDelta", "not json")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("could not read");
        });
  }

  private void feed(Message... frames) {
    for (Message frame : frames) {
      decoder.decode(frame, out::add);
    }
  }

  private List<ToolCallDelta> toolDeltas() {
    List<ToolCallDelta> calls = new ArrayList<>();
    for (ChatChunk c : out) {
      if (!c.choices().isEmpty()) {
        calls.addAll(c.choices().get(0).toolCalls());
      }
    }
    return calls;
  }

  /** A frame as Bedrock sends it: event type, content type, message type. */
  static Message event(String type, String json) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    return new Message(headers, json.getBytes(StandardCharsets.UTF_8));
  }

  static Message exception(String type, String json) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    return new Message(headers, json.getBytes(StandardCharsets.UTF_8));
  }
}
