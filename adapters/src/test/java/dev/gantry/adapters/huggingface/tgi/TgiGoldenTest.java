package dev.gantry.adapters.huggingface.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.spi.GatewayException;
import dev.gantry.adapters.stream.SseFramer;
import dev.gantry.adapters.template.ChatTemplate;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TGI native goldens ({@code golden/huggingface/tgi-generate/<case>/}, sources in SOURCE.md):
 * client request → {@code /generate} body, recorded answer or stream → what the client receives.
 */
class TgiGoldenTest {

  static final ChatTemplate QWEN3 = ChatTemplate.fromTokenizerConfig(
      Path.of("src", "test", "resources", "templates", "qwen3-tokenizer_config.json"));
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ResponseMeta STAMP = new ResponseMeta("stamped", 0, "stamped");
  private static final List<String> STAMPED = List.of("id", "created", "model");

  static Stream<String> cases() {
    return GoldenFiles.cases("huggingface", "tgi-generate").stream();
  }

  static Stream<String> streams() {
    return cases().filter(name -> Files.exists(dir(name).resolve("provider-response.sse")));
  }

  static Stream<String> wholes() {
    return cases().filter(name -> Files.exists(dir(name).resolve("provider-response.json")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void prepare_golden_matchesProviderRequest(String name) {
    TgiCall call = TgiGenerate.prepare(request(name), QWEN3);

    assertMatches(dir(name).resolve("provider-request.json"), call.body());
  }

  @ParameterizedTest
  @MethodSource("wholes")
  void read_golden_matchesOpenAiResponse(String name) {
    TgiCall call = TgiGenerate.prepare(request(name), QWEN3);
    JsonNode answer = GoldenFiles.json(dir(name).resolve("provider-response.json"));

    assertMatches(dir(name).resolve("openai-response.json"),
        unstamped(OpenAiChat.writeResponse(TgiGenerate.read(call, answer), STAMP)));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void decode_goldenSplitAtEveryByte_matchesOpenAiChunks(String name) {
    byte[] sse = GoldenFiles.bytes(dir(name).resolve("provider-response.sse"));
    ChatRequest request = request(name);
    JsonNode whole = client(decode(request, List.of(sse)), request.includeUsage());

    assertMatches(dir(name).resolve("openai-response.json"), whole);
    for (int cut = 1; cut < sse.length; cut++) {
      byte[] head = new byte[cut];
      byte[] tail = new byte[sse.length - cut];
      System.arraycopy(sse, 0, head, 0, cut);
      System.arraycopy(sse, cut, tail, 0, tail.length);
      assertThat(client(decode(request, List.of(head, tail)), request.includeUsage()))
          .as("split at byte %d", cut).isEqualTo(whole);
    }
  }

  /** The chunks and the failure of a stream fed in the given pieces. */
  static Decoded decode(ChatRequest request, List<byte[]> pieces) {
    TgiStreamDecoder decoder = new TgiStreamDecoder(TgiGenerate.prepare(request, QWEN3));
    SseFramer framer = new SseFramer();
    List<ChatChunk> chunks = new ArrayList<>();
    try {
      for (byte[] piece : pieces) {
        framer.feed(Buffer.buffer(piece), event -> decoder.decode(event, chunks::add));
      }
      framer.end(event -> decoder.decode(event, chunks::add));
      decoder.end(chunks::add);
      return new Decoded(chunks, null);
    } catch (GatewayException e) {
      return new Decoded(chunks, e);
    }
  }

  record Decoded(List<ChatChunk> chunks, GatewayException error) {}

  private static JsonNode client(Decoded decoded, boolean includeUsage) {
    ArrayNode out = JSON.createArrayNode();
    for (ChatChunk chunk : decoded.chunks()) {
      if (includeUsage || !chunk.choices().isEmpty()) {
        out.add(unstamped(OpenAiChat.writeChunk(chunk, STAMP, includeUsage)));
      }
    }
    if (decoded.error() != null) {
      out.add(parse(OpenAiErrors.write(decoded.error())));
    }
    return out;
  }

  private static ChatRequest request(String name) {
    return OpenAiChat.readRequest(GoldenFiles.json(dir(name).resolve("openai-request.json")));
  }

  private static Path dir(String name) {
    return GoldenFiles.dir("huggingface", "tgi-generate", name);
  }

  private static ObjectNode unstamped(Buffer written) {
    ObjectNode node = (ObjectNode) parse(written);
    node.remove(STAMPED);
    return node;
  }

  private static JsonNode parse(Buffer written) {
    try {
      return JSON.readTree(written.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertMatches(Path expected, JsonNode actual) {
    try {
      JsonNode normalized = JSON.readTree(JSON.writeValueAsBytes(actual));
      if (GoldenFiles.updating()) {
        Files.write(expected, JSON.writeValueAsBytes(normalized));
        return;
      }
      assertThat(normalized).as("golden %s", expected).isEqualTo(JSON.readTree(expected.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
