package dev.gantry.adapters.huggingface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openaicompat.SseSupport;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HuggingFaceStreamDecoderTest {

  private static byte[] recorded(String api, String name) {
    return GoldenFiles.bytes(GoldenFiles.dir("huggingface", api, name)
        .resolve("provider-response.sse"));
  }

  private static HuggingFaceStreamDecoder decoder() {
    return new HuggingFaceStreamDecoder(new ToolCallIds(HuggingFaceGoldenTest.counter()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"messages/chat-streaming-tools", "messages/chat-streaming-usage",
      "messages/chat-streaming", "router/chat-streaming"})
  void decode_recordedStreamCutAtEveryByte_emitsSameChunks(String name) {
    String[] parts = name.split("/");
    byte[] sse = recorded(parts[0], parts[1]);
    List<ChatChunk> whole = SseSupport.decodeWhole(sse, decoder());
    for (int cut = 0; cut <= sse.length; cut++) {
      assertThat(SseSupport.decode(sse, new int[] {cut}, decoder()))
          .as("%s cut at byte %d", name, cut).isEqualTo(whole);
    }
  }

  @Test
  void decode_toolStreamOneBytePerChunk_emitsSameChunks() {
    byte[] sse = recorded("messages", "chat-streaming-tools");
    int[] everyByte = new int[sse.length];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = i;
    }
    assertThat(SseSupport.decode(sse, everyByte, decoder()))
        .isEqualTo(SseSupport.decodeWhole(sse, decoder()));
  }

  @Test
  void decode_tgiToolStream_idTypeAndNameOnceWithAFreshIdThenFinishToolCalls() {
    List<ChatChunk> chunks = SseSupport.decodeWhole(recorded("messages", "chat-streaming-tools"),
        new HuggingFaceStreamDecoder(new ToolCallIds(HuggingFaceGoldenTest.counter())));

    assertThat(chunks).hasSize(18);
    assertThat(chunks.get(0).choices()).singleElement().satisfies(d -> {
      assertThat(d.role()).isEqualTo(Role.ASSISTANT);
      assertThat(d.toolCalls()).containsExactly(
          ToolCallDelta.start(0, "call_golden_1", "get_current_weather", "{"));
    });
    List<ToolCallDelta> later = chunks.subList(1, 17).stream()
        .flatMap(c -> c.choices().get(0).toolCalls().stream()).collect(Collectors.toList());
    assertThat(later).hasSize(16).allSatisfy(t -> {
      assertThat(t.id()).isNull();
      assertThat(t.name()).isNull();
    });
    assertThat(chunks.get(17)).isEqualTo(ChatChunk.of(ChatChunk.Delta.finish(0,
        FinishReason.TOOL_CALLS)));
    String arguments = chunks.stream().flatMap(c -> c.choices().stream())
        .flatMap(d -> d.toolCalls().stream()).map(ToolCallDelta::arguments)
        .collect(Collectors.joining());
    assertThat(arguments).isEqualTo("{ \"location\": \"Brooklyn, NY\", \"format\": \"fahrenheit\"}");
  }

  @Test
  void decode_usageStream_finishesWithStopThenTheUsageChunkLast() {
    List<ChatChunk> chunks = SseSupport.decodeWhole(recorded("messages", "chat-streaming-usage"),
        decoder());

    assertThat(chunks).extracting(c -> c.choices().isEmpty() ? null
        : c.choices().get(0).finishReason()).containsExactly(null, null, FinishReason.STOP, null);
    assertThat(chunks.get(3)).isEqualTo(ChatChunk.usage(Usage.of(39, 3)));
  }

  @Test
  void decode_twoCallsBothNamedZero_getDistinctIds() {
    String sse = event("{\"index\":0,\"id\":\"0\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"a\",\"arguments\":\"{}\"}}")
        + event("{\"index\":1,\"id\":\"0\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"b\",\"arguments\":\"{}\"}}")
        + "data: [DONE]\n\n";

    List<ChatChunk> chunks = SseSupport.decodeWhole(sse.getBytes(StandardCharsets.UTF_8),
        decoder());

    List<String> ids = new ArrayList<>();
    chunks.forEach(c -> c.choices().forEach(d -> d.toolCalls().forEach(t -> ids.add(t.id()))));
    assertThat(ids).containsExactly("call_golden_1", "call_golden_2");
    assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
        .isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void decode_toolStreamThatFinishes_addsNoSecondFinish() {
    String sse = event("{\"index\":0,\"id\":\"0\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"a\",\"arguments\":\"{}\"}}")
        + "data:{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
        + "\"finish_reason\":\"stop\"}]}\n\n";

    List<ChatChunk> chunks = SseSupport.decodeWhole(sse.getBytes(StandardCharsets.UTF_8),
        new HuggingFaceStreamDecoder(new ToolCallIds(HuggingFaceGoldenTest.counter())));

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(1).choices().get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void decode_tgiErrorEventInsideTheStream_throwsMappedError() {
    String sse = "data:{\"error\":\"Request failed during generation: Server error: CUDA out of"
        + " memory\",\"error_type\":\"generation\"}\n\n";

    GatewayException e = catchThrowableOfType(GatewayException.class, () ->
        SseSupport.decodeWhole(sse.getBytes(StandardCharsets.UTF_8), decoder()));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).contains("CUDA out of memory");
  }

  private static String event(String toolCall) {
    return "data:{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":["
        + toolCall + "]},\"finish_reason\":null}]}\n\n";
  }
}
