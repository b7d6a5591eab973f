package dev.gantry.adapters.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.CompletionResponse;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseFramer;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiCompatStreamDecoderTest {

  private static final byte[] OPENAI_TOOLS = GoldenFiles.bytes(
      GoldenFiles.dir("openai", "chat", "chat-streaming-tools").resolve("provider-response.sse"));
  private static final byte[] TGI_TOOLS = GoldenFiles.bytes(
      GoldenFiles.dir("openai", "chat", "chat-tgi-stream-tools").resolve("provider-response.sse"));

  @Test
  void decode_recordedStreamSplitAtEveryByte_emitsSameChunks() {
    List<ChatChunk> whole = SseSupport.decodeWhole(OPENAI_TOOLS,
        new OpenAiCompatStreamDecoder());
    for (int cut = 0; cut <= OPENAI_TOOLS.length; cut++) {
      assertThat(SseSupport.decode(OPENAI_TOOLS, new int[] {cut},
          new OpenAiCompatStreamDecoder())).as("cut at byte %d", cut).isEqualTo(whole);
    }
  }

  @Test
  void decode_recordedStreamsOneBytePerChunk_emitSameChunks() {
    for (byte[] stream : List.of(OPENAI_TOOLS, TGI_TOOLS)) {
      int[] everyByte = new int[stream.length];
      for (int i = 0; i < everyByte.length; i++) {
        everyByte[i] = i;
      }
      assertThat(SseSupport.decode(stream, everyByte, new OpenAiCompatStreamDecoder()))
          .isEqualTo(SseSupport.decodeWhole(stream, new OpenAiCompatStreamDecoder()));
    }
  }

  @Test
  void decode_openAiToolStream_emitsStartThenArgumentsThenFinishThenUsage() {
    List<ChatChunk> chunks = SseSupport.decodeWhole(OPENAI_TOOLS,
        new OpenAiCompatStreamDecoder());

    assertThat(chunks).hasSize(8);
    assertThat(chunks.get(0).choices()).containsExactly(new ChatChunk.Delta(0, Role.ASSISTANT,
        null, null, List.of(ToolCallDelta.start(0, "call_ZR5UUuTt3pf61kjwAJIYdVMj", "get_capital",
        "")), null, null));
    assertThat(chunks.get(1).choices().get(0).toolCalls())
        .containsExactly(ToolCallDelta.arguments(0, "{\""));
    assertThat(chunks.get(6).choices().get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(chunks.get(7)).isEqualTo(ChatChunk.usage(new Usage(53, 15, 0, 0)));
  }

  @Test
  void decode_tgiRepeatsRoleAndToolCallId_emitsThemOnce() {
    List<ChatChunk> chunks = SseSupport.decodeWhole(TGI_TOOLS, new OpenAiCompatStreamDecoder());

    assertThat(chunks).hasSize(17);
    assertThat(chunks.get(0).choices().get(0).role()).isEqualTo(Role.ASSISTANT);
    assertThat(chunks.get(0).choices().get(0).toolCalls())
        .containsExactly(ToolCallDelta.start(0, "0", "get_current_weather", "{"));
    for (ChatChunk c : chunks.subList(1, chunks.size())) {
      ChatChunk.Delta d = c.choices().get(0);
      assertThat(d.role()).isNull();
      assertThat(d.toolCalls()).singleElement().satisfies(t -> {
        assertThat(t.id()).isNull();
        assertThat(t.name()).isNull();
      });
    }
    StringBuilder args = new StringBuilder();
    chunks.forEach(c -> args.append(c.choices().get(0).toolCalls().get(0).arguments()));
    assertThat(args).hasToString("{ \"location\": \"Brooklyn, NY\", \"format\": \"fahrenheit\"}");
  }

  @Test
  void end_noUsageReported_emitsNoUsage() {
    List<ChatChunk> chunks = SseSupport.decodeWhole(TGI_TOOLS, new OpenAiCompatStreamDecoder());

    assertThat(chunks).as("the gateway counts what the upstream did not report")
        .allSatisfy(c -> assertThat(c.usage()).isNull());
  }

  @Test
  void decode_usageOnAChoiceChunk_isHeldBackAndEmittedLast() {
    List<ChatChunk> chunks = decode(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1}}\n\n"
            + "data: [DONE]\n\n");

    assertThat(chunks).containsExactly(
        ChatChunk.of(new ChatChunk.Delta(0, Role.ASSISTANT, "Hi", null, List.of(),
            FinishReason.STOP, null)),
        ChatChunk.usage(Usage.of(2, 1)));
  }

  @Test
  void decode_reasoningAliasAndMissingRole_normalized() {
    List<ChatChunk> chunks = decode(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"think\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{}}]}\n\n"
            + "data: [DONE]\n\n");

    assertThat(chunks).containsExactly(
        ChatChunk.of(new ChatChunk.Delta(0, Role.ASSISTANT, null, "think", List.of(), null, null)),
        ChatChunk.of(ChatChunk.Delta.text(0, "ok")));
  }

  @Test
  void decode_toolCallWithoutId_getsGeneratedId() {
    List<ChatChunk> chunks = decode("data: {\"choices\":[{\"index\":1,\"delta\":{\"tool_calls\":"
        + "[{\"index\":2,\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}\n\n");

    assertThat(chunks.get(0).choices().get(0).toolCalls())
        .containsExactly(ToolCallDelta.start(2, "call_1_2", "f", "{}"));
  }

  @Test
  void decode_errorEventMidStream_throwsMappedErrorAfterEarlierChunks() {
    List<ChatChunk> seen = new ArrayList<>();
    OpenAiCompatStreamDecoder decoder = new OpenAiCompatStreamDecoder();
    String sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
        + "data: {\"error\":{\"object\":\"error\",\"message\":\"The model is overloaded\","
        + "\"type\":\"ServiceUnavailableError\",\"param\":null,\"code\":503}}\n\n";

    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> feed(sse, decoder, seen));

    assertThat(seen).hasSize(1);
    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo("The model is overloaded");
  }

  @Test
  void decode_sseErrorEventType_throws() {
    GatewayException e = catchThrowableOfType(GatewayException.class, () -> decode(
        "event: error\ndata: {\"message\":\"bad grammar\",\"type\":\"invalid_request_error\"}\n\n"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
  }

  @Test
  void decode_notJson_failsAsUpstreamError() {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> decode("data: {oops\n\n"));

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
  }

  @Test
  void decode_eventsAfterDone_areIgnored() {
    List<ChatChunk> chunks = decode("data: [DONE]\n\ndata: {\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"late\"}}]}\n\n");

    assertThat(chunks).isEmpty();
  }

  @Test
  void completionDecoder_textThenUsage_holdsUsageToTheEnd() {
    OpenAiCompatCompletionStreamDecoder decoder = new OpenAiCompatCompletionStreamDecoder();
    byte[] sse = ("data: {\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"Deep\","
        + "\"finish_reason\":null}]}\n\n"
        + "data: {\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"\","
        + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":10}}\n\n"
        + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);

    List<CompletionResponse> chunks = SseSupport.decodeWhole(sse, decoder);

    assertThat(chunks).containsExactly(
        new CompletionResponse(List.of(new CompletionResponse.Choice(0, "Deep", null, null)), null),
        new CompletionResponse(List.of(new CompletionResponse.Choice(0, "", FinishReason.LENGTH,
            null)), null),
        new CompletionResponse(List.of(), Usage.of(6, 10)));
  }

  @Test
  void completionDecoder_noUsage_emitsNoUsage() {
    byte[] sse = "data: {\"choices\":[{\"index\":0,\"text\":\"abcdefgh\"}]}\n\n"
        .getBytes(StandardCharsets.UTF_8);

    List<CompletionResponse> chunks =
        SseSupport.decodeWhole(sse, new OpenAiCompatCompletionStreamDecoder());

    assertThat(chunks).extracting(CompletionResponse::usage).containsOnlyNulls();
  }

  private static List<ChatChunk> decode(String sse) {
    return SseSupport.decodeWhole(sse.getBytes(StandardCharsets.UTF_8),
        new OpenAiCompatStreamDecoder());
  }

  private static void feed(String sse, OpenAiCompatStreamDecoder decoder, List<ChatChunk> out) {
    new SseFramer().feed(Buffer.buffer(sse), f -> decoder.decode(f, out::add));
  }
}
