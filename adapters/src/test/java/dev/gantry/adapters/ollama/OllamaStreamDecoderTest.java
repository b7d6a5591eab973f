package dev.gantry.adapters.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.FinishReason;
import dev.gantry.adapters.model.Role;
import dev.gantry.adapters.model.ToolCallDelta;
import dev.gantry.adapters.model.Usage;
import dev.gantry.adapters.spi.ErrorKind;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.JsonLinesFramer;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OllamaStreamDecoderTest {

  /** Thinking, then content with a multi-byte character, then a done line that carries text. */
  private static final String THINKING = ""
      + "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"Toronto"
      + " is cold.\"},\"done\":false}\n"
      + "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"It is 11°C\"},"
      + "\"done\":false}\n"
      + "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\".\"},\"done\":true,"
      + "\"done_reason\":\"length\",\"prompt_eval_count\":12,\"eval_count\":3}\n";

  @ParameterizedTest
  @ValueSource(strings = {"chat-streaming", "chat-streaming-tools", "chat-stream-error"})
  void decode_goldenStream_matchesOpenAiChunks(String name) {
    Decoded out = decode(List.of(Buffer.buffer(ndjson(name))));

    Goldens.assertMatches(Goldens.file("chat", name, "openai-response.json"),
        Goldens.stream(out.chunks(), out.error(), Goldens.chatRequest(name).includeUsage()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat-streaming", "chat-streaming-tools", "chat-stream-error"})
  void decode_goldenStreamSplitAtEveryByte_sameChunks(String name) {
    assertSameAtEverySplit(ndjson(name));
  }

  @Test
  void decode_thinkingStreamSplitAtEveryByte_sameChunks() {
    assertSameAtEverySplit(THINKING.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decode_thinkingStream_emitsReasoningContentFinishAndUsage() {
    Decoded out = decode(List.of(Buffer.buffer(THINKING)));

    assertThat(out.error()).isNull();
    assertThat(out.chunks()).containsExactly(
        ChatChunk.of(new ChatChunk.Delta(0, Role.ASSISTANT, null, "Toronto is cold.", List.of(),
            null, null)),
        ChatChunk.of(ChatChunk.Delta.text(0, "It is 11°C")),
        ChatChunk.of(ChatChunk.Delta.text(0, ".")),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.LENGTH)),
        ChatChunk.usage(Usage.of(12, 3)));
  }

  @Test
  void decode_toolCallsAcrossLines_indexesEveryCallInOrder() {
    String ndjson = ""
        + "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
        + "{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Tokyo\"}}},"
        + "{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
        + "\"done\":false}\n"
        + "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
        + "{\"function\":{\"name\":\"get_time\",\"arguments\":{}}}]},\"done\":false}\n"
        + "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
        + "\"done_reason\":\"stop\"}\n";

    Decoded out = decode(List.of(Buffer.buffer(ndjson)));

    assertThat(out.error()).isNull();
    assertThat(out.chunks()).containsExactly(
        ChatChunk.of(new ChatChunk.Delta(0, Role.ASSISTANT, null, null, List.of(
            ToolCallDelta.start(0, "call_1", "get_weather", "{\"city\":\"Tokyo\"}"),
            ToolCallDelta.start(1, "call_2", "get_weather", "{\"city\":\"Paris\"}")), null,
            null)),
        ChatChunk.of(ChatChunk.Delta.toolCall(0, ToolCallDelta.start(2, "call_3", "get_time",
            "{}"))),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.TOOL_CALLS)));
  }

  @Test
  void decode_randomIds_areDistinctCallIds() {
    OllamaStreamDecoder decoder = new OllamaStreamDecoder();
    List<ChatChunk> chunks = new ArrayList<>();

    decoder.decode("{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
        + "{\"function\":{\"name\":\"a\",\"arguments\":{}}},{\"function\":{\"name\":\"b\"}}]},"
        + "\"done\":false}", chunks::add);

    List<String> ids = new ArrayList<>();
    chunks.get(0).choices().get(0).toolCalls().forEach(call -> ids.add(call.id()));
    assertThat(ids).hasSize(2).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).matches("call_[A-Za-z0-9]{24}"));
  }

  @Test
  void end_beforeDoneLine_failsUpstreamErrorEndedEarly() {
    String ndjson = "{\"message\":{\"role\":\"assistant\",\"content\":\"The\"},\"done\":false}\n";

    Decoded out = decode(List.of(Buffer.buffer(ndjson)));

    assertThat(out.chunks()).hasSize(1);
    assertThat(out.error().kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(out.error().getMessage()).contains("ended early");
  }

  @Test
  void decode_malformedLine_failsUpstreamError() {
    Decoded out = decode(List.of(Buffer.buffer("{\"message\":{\"content\":\"The\"\n")));

    assertThat(out.chunks()).isEmpty();
    assertThat(out.error().kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(out.error().getMessage()).contains("could not read");
  }

  @Test
  void decode_linesAfterDone_areIgnored() {
    String ndjson = "{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":true}\n"
        + "{\"message\":{\"role\":\"assistant\",\"content\":\"late\"},\"done\":false}\n";

    Decoded out = decode(List.of(Buffer.buffer(ndjson)));

    assertThat(out.error()).isNull();
    assertThat(out.chunks()).containsExactly(
        ChatChunk.of(new ChatChunk.Delta(0, Role.ASSISTANT, "Hi", null, List.of(), null, null)),
        ChatChunk.of(ChatChunk.Delta.finish(0, FinishReason.STOP)));
  }

  private static void assertSameAtEverySplit(byte[] ndjson) {
    JsonNode whole = decode(List.of(Buffer.buffer(ndjson))).json();
    for (int at = 0; at <= ndjson.length; at++) {
      List<Buffer> pieces = List.of(Buffer.buffer(Arrays.copyOfRange(ndjson, 0, at)),
          Buffer.buffer(Arrays.copyOfRange(ndjson, at, ndjson.length)));
      assertThat(decode(pieces).json()).as("split at byte %d", at).isEqualTo(whole);
    }
    List<Buffer> bytes = new ArrayList<>();
    for (byte b : ndjson) {
      bytes.add(Buffer.buffer(new byte[] {b}));
    }
    assertThat(decode(bytes).json()).as("one byte at a time").isEqualTo(whole);
  }

  /** Frames and decodes the pieces, up to the end or the first failure. */
  private static Decoded decode(List<Buffer> pieces) {
    JsonLinesFramer framer = new JsonLinesFramer();
    OllamaStreamDecoder decoder = new OllamaStreamDecoder(Goldens.sequentialIds());
    List<ChatChunk> chunks = new ArrayList<>();
    try {
      for (Buffer piece : pieces) {
        framer.feed(piece, line -> decoder.decode(line, chunks::add));
      }
      framer.end(line -> decoder.decode(line, chunks::add));
      decoder.end(chunks::add);
    } catch (GatewayException e) {
      return new Decoded(chunks, e);
    }
    return new Decoded(chunks, null);
  }

  private static byte[] ndjson(String name) {
    return Goldens.text(Goldens.file("chat", name, "provider-response.ndjson"))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What decoding produced: the chunks, and the failure that ended it, if any. */
  private record Decoded(List<ChatChunk> chunks, GatewayException error) {

    /** All of it as the client would see it, usage included. */
    JsonNode json() {
      return Goldens.stream(chunks, error, true);
    }
  }
}
