package dev.gantry.adapters.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.JsonLinesFramer;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
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
    byte[] ndjson = ndjson(name);

    List<JsonNode> out = decode(List.of(Buffer.buffer(ndjson)));

    Goldens.assertMatches(Goldens.file("chat", name, "openai-response.json"), array(out));
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
    List<JsonNode> out = decode(List.of(Buffer.buffer(THINKING)));

    assertThat(array(out)).isEqualTo(json("["
        + "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
        + "\"reasoning_content\":\"Toronto is cold.\"},\"finish_reason\":null}]},"
        + "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"It is 11°C\"},\"finish_reason\":null}]},"
        + "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\".\"},\"finish_reason\":null}]},"
        + "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]},"
        + "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
        + "\"total_tokens\":15}}]"));
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

    List<JsonNode> out = decode(List.of(Buffer.buffer(ndjson)));

    assertThat(array(out)).isEqualTo(json("["
        + "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":["
        + "{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Tokyo\\\"}\"}},"
        + "{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]},"
        + "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":["
        + "{\"index\":2,\"id\":\"call_3\",\"type\":\"function\",\"function\":{\"name\":\"get_time\","
        + "\"arguments\":\"{}\"}}]},\"finish_reason\":null}]},"
        + "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}]"));
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

    List<JsonNode> out = decode(List.of(Buffer.buffer(ndjson)));

    assertThat(out).hasSize(2);
    assertThat(out.get(1).path("error").path("code").asText()).isEqualTo("upstream_error");
    assertThat(out.get(1).path("error").path("message").asText()).contains("ended early");
  }

  @Test
  void decode_malformedLine_failsUpstreamError() {
    List<JsonNode> out = decode(List.of(Buffer.buffer("{\"message\":{\"content\":\"The\"\n")));

    assertThat(out).hasSize(1);
    assertThat(out.get(0).path("error").path("code").asText()).isEqualTo("upstream_error");
    assertThat(out.get(0).path("error").path("message").asText()).contains("could not read");
  }

  @Test
  void decode_linesAfterDone_areIgnored() {
    String ndjson = "{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":true}\n"
        + "{\"message\":{\"role\":\"assistant\",\"content\":\"late\"},\"done\":false}\n";

    List<JsonNode> out = decode(List.of(Buffer.buffer(ndjson)));

    assertThat(array(out)).isEqualTo(json("["
        + "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
        + "\"finish_reason\":null}]},"
        + "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}]"));
  }

  private static void assertSameAtEverySplit(byte[] ndjson) {
    List<JsonNode> whole = decode(List.of(Buffer.buffer(ndjson)));
    for (int at = 0; at <= ndjson.length; at++) {
      List<Buffer> pieces = List.of(Buffer.buffer(Arrays.copyOfRange(ndjson, 0, at)),
          Buffer.buffer(Arrays.copyOfRange(ndjson, at, ndjson.length)));
      assertThat(decode(pieces)).as("split at byte %d", at).isEqualTo(whole);
    }
    List<Buffer> bytes = new ArrayList<>();
    for (byte b : ndjson) {
      bytes.add(Buffer.buffer(new byte[] {b}));
    }
    assertThat(decode(bytes)).as("one byte at a time").isEqualTo(whole);
  }

  /** Frames and decodes the pieces; a failure becomes a last OpenAI error object. */
  private static List<JsonNode> decode(List<Buffer> pieces) {
    JsonLinesFramer framer = new JsonLinesFramer();
    OllamaStreamDecoder decoder = new OllamaStreamDecoder(Goldens.sequentialIds());
    List<JsonNode> out = new ArrayList<>();
    Consumer<ChatChunk> sink = chunk -> out.add(OpenAiShapes.chunk(chunk));
    try {
      for (Buffer piece : pieces) {
        framer.feed(piece, line -> decoder.decode(line, sink));
      }
      framer.end(line -> decoder.decode(line, sink));
      decoder.end(sink);
    } catch (GatewayException e) {
      out.add(OpenAiShapes.error(e));
    }
    return out;
  }

  private static byte[] ndjson(String name) {
    return Goldens.text(Goldens.file("chat", name, "provider-response.ndjson"))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode array(List<JsonNode> items) {
    return Goldens.JSON.createArrayNode().addAll(items);
  }

  private static JsonNode json(String text) {
    try {
      return Goldens.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
