package dev.gantry.adapters.vertex.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.SseFramer;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamDecoderTest {

  /** Tool use as documented (providers.md §3.3): two calls, arguments in fragments. */
  private static final String TOOLS = "event: message_start\n"
      + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"role\":\"assistant\","
      + "\"content\":[],\"usage\":{\"input_tokens\":7,\"cache_read_input_tokens\":3,"
      + "\"output_tokens\":1}}}   \n\n"
      + "event: content_block_start\n"
      + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
      + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\n"
      + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
      + "\"text\":\"Let me\"}}\n\n"
      + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
      + "event: content_block_start\n"
      + "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":"
      + "\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get\",\"input\":{}}}\n\n"
      + "event: content_block_delta\n"
      + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
      + "\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}\n\n"
      + "event: content_block_delta\n"
      + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
      + "\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}\n\n"
      + "event: content_block_start\n"
      + "data: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":"
      + "\"tool_use\",\"id\":\"toolu_2\",\"name\":\"time\",\"input\":{}}}\n\n"
      + "event: content_block_delta\n"
      + "data: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":"
      + "\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n"
      + "event: message_delta\n"
      + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
      + "\"usage\":{\"output_tokens\":40}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  @Test
  void decode_toolUseBlocks_emitsIndexedToolDeltasAndSummedUsage() {
    List<ChatChunk> chunks = decodeWhole(TOOLS.getBytes(StandardCharsets.UTF_8));

    List<ToolCallDelta> calls = new ArrayList<>();
    chunks.forEach(c -> c.choices().forEach(d -> calls.addAll(d.toolCalls())));
    assertThat(calls).containsExactly(ToolCallDelta.start(0, "toolu_1", "get", ""),
        ToolCallDelta.arguments(0, "{\"city\":"), ToolCallDelta.arguments(0, "\"Paris\"}"),
        ToolCallDelta.start(1, "toolu_2", "time", ""), ToolCallDelta.arguments(1, "{}"));
    assertThat(chunks.get(0).choices().get(0).role()).isNotNull();
    assertThat(chunks.get(1).choices().get(0).content()).isEqualTo("Let me");
    ChatChunk finish = chunks.get(chunks.size() - 2);
    assertThat(finish.choices().get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(new Usage(10, 40, 3, 0));
  }

  @Test
  void decode_realStreamSplitAtEveryByte_emitsSameChunks() {
    byte[] body = GoldenFiles.bytes(GoldenFiles.dir("vertex", "anthropic", "chat-streaming")
        .resolve("provider-response.sse"));
    List<ChatChunk> whole = decodeWhole(body);
    for (int split = 1; split < body.length; split++) {
      SseFramer framer = new SseFramer();
      AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
      List<ChatChunk> out = new ArrayList<>();
      framer.feed(Buffer.buffer(java.util.Arrays.copyOfRange(body, 0, split)),
          e -> decoder.decode(e, out::add));
      framer.feed(Buffer.buffer(java.util.Arrays.copyOfRange(body, split, body.length)),
          e -> decoder.decode(e, out::add));
      framer.end(e -> decoder.decode(e, out::add));
      decoder.end(out::add);
      assertThat(out).as("split at %d", split).isEqualTo(whole);
    }
  }

  @Test
  void decode_thinkingSignature_emitsReasoningSignatureDelta() {
    byte[] body = GoldenFiles.bytes(GoldenFiles.dir("vertex", "anthropic",
        "chat-streaming-thinking").resolve("provider-response.sse"));
    List<String> signatures = new ArrayList<>();
    decodeWhole(body).forEach(c -> c.choices().forEach(d -> {
      if (d.reasoningSignature() != null) {
        signatures.add(d.reasoningSignature());
      }
    }));
    assertThat(signatures).hasSize(1);
    assertThat(signatures.get(0)).startsWith("EvMCCkYICxgC");
  }

  @Test
  void decode_overloadedErrorEvent_throwsRetryableUnavailable() {
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    decoder.decode(new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{}}",
        null), c -> { });
    SseEvent error = new SseEvent("error", "{\"type\":\"error\",\"error\":{\"type\":"
        + "\"overloaded_error\",\"message\":\"Overloaded\"}}  ", null);

    assertThatThrownBy(() -> decoder.decode(error, c -> { }))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).isEqualTo(
              "Claude on Vertex failed (overloaded_error): Overloaded");
        });
  }

  @Test
  void end_withoutMessageStop_throwsUpstreamError() {
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    decoder.decode(new SseEvent("message_start", "{\"type\":\"message_start\",\"message\":{}}",
        null), c -> { });

    assertThatThrownBy(() -> decoder.end(c -> { }))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("before its message_stop");
        });
  }

  @Test
  void decode_notJson_throwsUpstreamError() {
    assertThatThrownBy(() -> new AnthropicStreamDecoder().decode(SseEvent.data("{oops"), c -> { }))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  private static List<ChatChunk> decodeWhole(byte[] body) {
    return AnthropicGoldenTest.decode(body);
  }
}
