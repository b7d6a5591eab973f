package dev.gantry.adapters.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Role;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiStreamDecoderTest {

  private final GeminiStreamDecoder decoder = new GeminiStreamDecoder();
  private final List<ChatChunk> out = new ArrayList<>();

  @ParameterizedTest
  @ValueSource(strings = {"chat-streaming", "chat-streaming-tool-thought-signature",
      "chat-streaming-thought-signature-round-trip"})
  void decode_splitAtEveryByte_sameChunksAsWholeBody(String name) {
    byte[] raw = GoldenFiles.bytes(GeminiGoldens.dir(name).resolve("provider-response.sse"));

    List<ChatChunk> byteWise = GeminiGoldens.decode(raw, 1);

    assertThat(byteWise).isEqualTo(GeminiGoldens.decode(raw, Integer.MAX_VALUE));
    assertThat(byteWise).isNotEmpty();
  }

  @Test
  void decode_textStream_roleTextFinishThenLastUsage() {
    feed("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}],"
            + "\"usageMetadata\":{\"promptTokenCount\":15,\"totalTokenCount\":15}}",
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"\"},{\"text\":\"lo\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":13,"
            + "\"candidatesTokenCount\":2,\"cachedContentTokenCount\":4,\"totalTokenCount\":15}}");
    decoder.end(out::add);

    assertThat(out).containsExactly(ChatChunk.of(ChatChunk.Delta.role(0)),
        ChatChunk.of(ChatChunk.Delta.text(0, "Hel")), ChatChunk.of(ChatChunk.Delta.text(0, "lo")),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.STOP)),
        ChatChunk.usage(new Usage(13, 2, 4, 0)));
  }

  @Test
  void decode_thoughtParts_reasoningDeltasAndThoughtTokensInCompletion() {
    feed("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Thinking\",\"thought\":true}]}}]}",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Done\"}]},\"finishReason\":\"STOP\"}],"
            + "\"usageMetadata\":{\"promptTokenCount\":29,\"candidatesTokenCount\":10,"
            + "\"thoughtsTokenCount\":202,\"totalTokenCount\":241}}");
    decoder.end(out::add);

    assertThat(out).contains(ChatChunk.of(ChatChunk.Delta.reasoning(0, "Thinking")),
        ChatChunk.of(ChatChunk.Delta.text(0, "Done")),
        ChatChunk.usage(new Usage(29, 212, 0, 202)));
  }

  @Test
  void decode_twoCandidates_eachOwnRoleAndFinishInIndexOrder() {
    feed("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}},{\"index\":1,"
        + "\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"MAX_TOKENS\"}]}",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"c\"}]},\"finishReason\":\"SAFETY\"}]}");
    decoder.end(out::add);

    assertThat(out).containsExactly(ChatChunk.of(ChatChunk.Delta.role(0)),
        ChatChunk.of(ChatChunk.Delta.text(0, "a")), ChatChunk.of(ChatChunk.Delta.role(1)),
        ChatChunk.of(ChatChunk.Delta.text(1, "b")), ChatChunk.of(ChatChunk.Delta.text(0, "c")),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.CONTENT_FILTER)),
        ChatChunk.of(ChatChunk.Delta.finish(1, FinishReason.LENGTH)));
    assertThat(out.get(0).choices().get(0).role()).isEqualTo(Role.ASSISTANT);
  }

  @Test
  void decode_functionCallThenStopInLaterEvent_toolCallsFinish() {
    feed("{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"now\"}}]}}],"
            + "\"responseId\":\"r1\"}",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}]},\"finishReason\":\"STOP\"}]}");
    decoder.end(out::add);

    ChatChunk call = out.get(1);
    assertThat(call.choices().get(0).toolCalls().get(0).name()).isEqualTo("now");
    assertThat(call.choices().get(0).toolCalls().get(0).arguments()).isEqualTo("{}");
    assertThat(call.choices().get(0).toolCalls().get(0).id()).matches("call_[0-9a-f]{24}");
    assertThat(out.get(2)).isEqualTo(ChatChunk.of(ChatChunk.Delta.finish(0,
        FinishReason.TOOL_CALLS)));
  }

  @Test
  void decode_errorEventAfterText_throwsMappedStatus() {
    feed("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"First \"}]}}]}");

    assertThatThrownBy(() -> feed("{\"error\":{\"code\":503,\"message\":\"The model is "
        + "overloaded.\",\"status\":\"UNAVAILABLE\"}}"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE);
          assertThat(e.getMessage())
              .isEqualTo("Vertex AI is unavailable (UNAVAILABLE: The model is overloaded).");
        });
  }

  @Test
  void decode_promptBlockedEvent_throwsContentFiltered() {
    String body = new String(GoldenFiles.bytes(java.nio.file.Path.of(
        "src/test/resources/fixtures", "vertex",
        "firebase-mock-responses-vertexai", "streaming-failure-prompt-blocked-safety.txt")),
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> GeminiGoldens.decode(body.getBytes(StandardCharsets.UTF_8), 7))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
          assertThat(e.getMessage()).startsWith("Gemini blocked the prompt (SAFETY");
        });
  }

  @Test
  void decode_bareJsonErrorAfterEvents_throwsMappedStatusAfterTheText() {
    byte[] body = GoldenFiles.bytes(java.nio.file.Path.of(
        "src/test/resources/fixtures", "vertex",
        "firebase-mock-responses-vertexai", "streaming-failure-error-mid-stream.txt"));
    SseFramer framer = SseFramer.withBareJson();
    List<SseEvent> events = new ArrayList<>();
    framer.feed(Buffer.buffer(body), events::add);
    framer.end(events::add);

    assertThatThrownBy(() -> events.forEach(e -> decoder.decode(e, out::add)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("CANCELLED").contains("The operation was cancelled");
        });
    assertThat(out.stream().flatMap(c -> c.choices().stream()).map(d -> d.content())
        .filter(java.util.Objects::nonNull)).containsExactly("First ", "Second ");
  }

  @Test
  void end_beforeFinishReason_throwsUpstreamError() {
    feed("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"cut\"}]}}]}");

    assertThatThrownBy(() -> decoder.end(out::add))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).isEqualTo(
              "The Gemini stream ended before its finish reason; the answer is incomplete.");
        });
  }

  @Test
  void end_emptyStream_throwsUpstreamError() {
    assertThatThrownBy(() -> decoder.end(out::add)).isInstanceOfSatisfying(
        GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
  }

  @Test
  void decode_notJson_throwsMalformed() {
    assertThatThrownBy(() -> feed("{not json"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).isEqualTo(
              "The upstream model server sent a response the gateway could not read.");
        });
  }

  private void feed(String... data) {
    for (String d : data) {
      decoder.decode(SseEvent.data(d), out::add);
    }
  }
}
