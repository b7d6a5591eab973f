package dev.gantry.adapters.triton;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.model.EmbeddingRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.Json;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiEmbeddings;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Triton goldens ({@code golden/triton/<api>/<case>/}, sources in SOURCE.md): client request
 * and deployment options → the request sent; recorded or spec answer → what the client receives.
 * Streams are also fed cut at every byte.
 */
class TritonGoldenTest {

  static final ChatTemplate QWEN3 = ChatTemplate.fromTokenizerConfig(
      Path.of("src", "test", "resources", "templates", "qwen3-tokenizer_config.json"));
  static final String MODEL_URL = "http://triton:8000/v2/models/m";
  private static final ResponseMeta STAMP = new ResponseMeta("stamped", 0, "stamped");
  private static final List<String> STAMPED = List.of("id", "created", "model");

  static Stream<String> chats() {
    return GoldenFiles.cases("triton", "generate").stream();
  }

  static Stream<String> streams() {
    return chats().filter(name -> Files.exists(dir("generate", name).resolve("provider-response.sse")));
  }

  static Stream<String> wholes() {
    return chats().filter(name -> Files.exists(dir("generate", name).resolve("provider-response.json")));
  }

  static Stream<String> embeddings() {
    return GoldenFiles.cases("triton", "infer").stream();
  }

  @ParameterizedTest
  @MethodSource("chats")
  void prepare_golden_matchesProviderRequest(String name) {
    ChatRequest request = chatRequest(name);

    TritonCall call = TritonGenerate.prepare(request, QWEN3, options("generate", name),
        request.stream());

    assertMatches(dir("generate", name).resolve("provider-request.json"), call.body());
  }

  @ParameterizedTest
  @MethodSource("wholes")
  void read_golden_matchesOpenAiResponse(String name) {
    TritonCall call = TritonGenerate.prepare(chatRequest(name), QWEN3, options("generate", name),
        false);
    JsonNode answer = GoldenFiles.json(dir("generate", name).resolve("provider-response.json"));

    assertMatches(dir("generate", name).resolve("openai-response.json"),
        unstamped(OpenAiChat.writeResponse(TritonGenerate.read(call, answer), STAMP)));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void decode_goldenSplitAtEveryByte_matchesOpenAiChunks(String name) {
    byte[] sse = GoldenFiles.bytes(dir("generate", name).resolve("provider-response.sse"));
    ChatRequest request = chatRequest(name);
    TritonOptions options = options("generate", name);
    JsonNode whole = client(decode(request, options, List.of(sse)), request.includeUsage());

    assertMatches(dir("generate", name).resolve("openai-response.json"), whole);
    for (int cut = 1; cut < sse.length; cut++) {
      byte[] head = new byte[cut];
      byte[] tail = new byte[sse.length - cut];
      System.arraycopy(sse, 0, head, 0, cut);
      System.arraycopy(sse, cut, tail, 0, tail.length);
      assertThat(client(decode(request, options, List.of(head, tail)), request.includeUsage()))
          .as("split at byte %d", cut).isEqualTo(whole);
    }
  }

  @ParameterizedTest
  @MethodSource("embeddings")
  void request_embeddingsGolden_matchesProviderRequest(String name) {
    ProviderHttpRequest request = TritonEmbeddings.request(embeddingRequest(name), MODEL_URL,
        options("infer", name));

    assertThat(request.url()).isEqualTo(MODEL_URL + "/infer");
    assertMatches(dir("infer", name).resolve("provider-request.json"), parse(request.body()));
  }

  @ParameterizedTest
  @MethodSource("embeddings")
  void read_embeddingsGolden_matchesOpenAiResponse(String name) {
    EmbeddingRequest request = embeddingRequest(name);
    JsonNode answer = GoldenFiles.json(dir("infer", name).resolve("provider-response.json"));

    assertMatches(dir("infer", name).resolve("openai-response.json"),
        parse(OpenAiEmbeddings.writeResponse(TritonEmbeddings.read(answer,
            request.input().size(), options("infer", name)), "embed", false)));
  }

  /** The chunks and the failure of a stream fed in the given pieces. */
  static Decoded decode(ChatRequest request, TritonOptions options, List<byte[]> pieces) {
    TritonStreamDecoder decoder = new TritonStreamDecoder(
        TritonGenerate.prepare(request, QWEN3, options, true));
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

  static TritonOptions options(String api, String name) {
    Map<String, String> options = new LinkedHashMap<>();
    GoldenFiles.json(dir(api, name).resolve("options.json")).fields()
        .forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    return TritonOptions.parse(options);
  }

  private static JsonNode client(Decoded decoded, boolean includeUsage) {
    ArrayNode out = Json.MAPPER.createArrayNode();
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

  private static ChatRequest chatRequest(String name) {
    return OpenAiChat.readRequest(GoldenFiles.json(dir("generate", name)
        .resolve("openai-request.json")));
  }

  private static EmbeddingRequest embeddingRequest(String name) {
    return OpenAiEmbeddings.readRequest(GoldenFiles.json(dir("infer", name)
        .resolve("openai-request.json")));
  }

  private static Path dir(String api, String name) {
    return GoldenFiles.dir("triton", api, name);
  }

  private static ObjectNode unstamped(Buffer written) {
    ObjectNode node = (ObjectNode) parse(written);
    node.remove(STAMPED);
    return node;
  }

  private static JsonNode parse(Buffer written) {
    try {
      return Json.MAPPER.readTree(written.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares with the golden (or writes it when updating), after one JSON round trip. */
  private static void assertMatches(Path expected, JsonNode actual) {
    GoldenFiles.assertJson(expected, parse(Buffer.buffer(actual.toString())));
  }
}
