package dev.gantry.adapters.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.adapters.http.ProviderHttpRequest;
import dev.gantry.adapters.http.UpstreamResponse;
import dev.gantry.adapters.model.ChatChunk;
import dev.gantry.adapters.model.ChatRequest;
import dev.gantry.adapters.openai.GoldenFiles;
import dev.gantry.adapters.openai.OpenAiChat;
import dev.gantry.adapters.openai.OpenAiErrors;
import dev.gantry.adapters.spi.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases for Gemini on Vertex, client → Gemini → client. The client's
 * {@code openai-request.json} is read by the real OpenAI codec and translated: the URL must be
 * {@code provider-url.txt} (which gives the model) and the body {@code provider-request.json}.
 * The recorded answer — {@code provider-response.json}, the raw SSE body
 * {@code provider-response.sse}, or an error body with {@code provider-status.txt} — is
 * translated back and written by the codec as {@code openai-response.{json,sse}} (an error body
 * when the translation fails, e.g. a blocked prompt). {@code -Dgantry.golden.update=true}
 * rewrites the expected files.
 */
class GeminiGoldenTest {

  private final GeminiTranslator translator = new GeminiTranslator();

  static Stream<String> cases() {
    return GoldenFiles.cases("vertex", "gemini").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gemini_goldenCase_matchesExpectedTrees(String name) {
    Path dir = GeminiGoldens.dir(name);
    ChatRequest request = GeminiGoldens.request(name);
    String url = GeminiGoldens.url(name);

    ProviderHttpRequest http = translator.toRequest(request, GeminiGoldens.model(url),
        request.stream(), GeminiGoldens.LOCATION);

    assertThat(http.method()).isEqualTo(HttpMethod.POST);
    assertThat(http.url()).isEqualTo(url);
    assertThat(http.headers()).containsEntry("content-type", "application/json")
        .containsEntry("accept", request.stream() ? GeminiTranslator.EVENT_STREAM
            : GeminiTranslator.JSON);
    GoldenFiles.assertJson(dir.resolve("provider-request.json"),
        GeminiGoldens.parse(http.body().toString()));

    if (Files.exists(dir.resolve("provider-status.txt"))) {
      int status = Integer.parseInt(GeminiGoldens.text(dir.resolve("provider-status.txt")).strip());
      GatewayException e = VertexErrors.fromResponse(new UpstreamResponse(status,
          MultiMap.caseInsensitiveMultiMap(),
          Buffer.buffer(GoldenFiles.bytes(dir.resolve("provider-response.json")))));
      assertError(dir, e);
    } else if (Files.exists(dir.resolve("provider-response.sse"))) {
      List<ChatChunk> chunks = GeminiGoldens.decode(
          GoldenFiles.bytes(dir.resolve("provider-response.sse")), Integer.MAX_VALUE);
      GoldenFiles.assertSse(dir.resolve("openai-response.sse"),
          GeminiGoldens.sse(chunks, request.includeUsage()));
    } else {
      String out;
      try {
        out = OpenAiChat.writeResponse(translator.fromResponse(
            GoldenFiles.json(dir.resolve("provider-response.json"))), GeminiGoldens.META)
            .toString();
      } catch (GatewayException e) {
        out = OpenAiErrors.write(e).toString();
      }
      GoldenFiles.assertJson(dir.resolve("openai-response.json"), GeminiGoldens.parse(out));
    }
  }

  private static void assertError(Path dir, GatewayException e) {
    GoldenFiles.assertJson(dir.resolve("openai-response.json"),
        GeminiGoldens.parse(OpenAiErrors.write(e).toString()));
  }
}
