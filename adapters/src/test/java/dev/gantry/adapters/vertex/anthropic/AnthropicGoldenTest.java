package dev.gantry.adapters.vertex.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.ResponseMeta;
import dev.gantry.adapters.stream.SseEvent;
import dev.gantry.adapters.stream.SseFramer;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases for Claude on Vertex ({@code golden/vertex/anthropic/<case>/}): the client's
 * {@code openai-request.json}, read by the real OpenAI codec, must translate to
 * {@code provider-request.json} ({@code {url, body}}); the recorded answer
 * ({@code provider-response.json}, or the SSE body {@code provider-response.sse}) must come back
 * as {@code openai-response.{json,sse}}, written by the real codec.
 */
class AnthropicGoldenTest {

  static final ResponseMeta META = new ResponseMeta("chatcmpl-golden", 1_700_000_000L, "alias");

  private final AnthropicTranslator translator = new AnthropicTranslator();

  static Stream<String> cases() {
    return GoldenFiles.cases("vertex", "anthropic").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void anthropic_goldenCase_matchesExpectedTrees(String name) throws Exception {
    Path dir = GoldenFiles.dir("vertex", "anthropic", name);
    JsonNode deployment = GoldenFiles.json(dir.resolve("deployment.json"));
    ChatRequest request = OpenAiChat.readRequest(GoldenFiles.json(dir.resolve("openai-request.json")));

    ProviderHttpRequest http = translator.toRequest(request,
        deployment.get("locationUrl").asText(), deployment.get("model").asText(), request.stream());

    assertThat(http.headers()).containsEntry("content-type", "application/json");
    JsonNode expected = GoldenFiles.json(dir.resolve("provider-request.json"));
    assertThat(http.url()).isEqualTo(expected.get("url").asText());
    assertThat(AnthropicJson.MAPPER.readTree(http.body().getBytes())).isEqualTo(expected.get("body"));

    if (Files.exists(dir.resolve("provider-response.sse"))) {
      GoldenFiles.assertSse(dir.resolve("openai-response.sse"),
          sse(decode(GoldenFiles.bytes(dir.resolve("provider-response.sse"))),
              request.includeUsage()));
    } else {
      GoldenFiles.assertJson(dir.resolve("openai-response.json"), AnthropicJson.MAPPER.readTree(
          OpenAiChat.writeResponse(translator.fromResponse(
              GoldenFiles.json(dir.resolve("provider-response.json"))), META).getBytes()));
    }
  }

  /** A whole SSE body through the real framer and a fresh decoder, end included. */
  static List<ChatChunk> decode(byte[] body) {
    SseFramer framer = new SseFramer();
    List<SseEvent> events = new ArrayList<>();
    framer.feed(Buffer.buffer(body), events::add);
    framer.end(events::add);
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    List<ChatChunk> out = new ArrayList<>();
    events.forEach(e -> decoder.decode(e, out::add));
    decoder.end(out::add);
    return out;
  }

  static List<String> sse(List<ChatChunk> chunks, boolean includeUsage) {
    List<String> events = new ArrayList<>();
    for (ChatChunk c : chunks) {
      if (c.usage() != null && !includeUsage) {
        continue;
      }
      events.add(OpenAiChat.writeChunk(c, META, includeUsage).toString(StandardCharsets.UTF_8));
    }
    events.add("[DONE]");
    return events;
  }
}
